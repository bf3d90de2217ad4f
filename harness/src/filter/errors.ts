import { SctError } from '../errors.js';

/** A rule that passed the checks but that the seccomp engine cannot compile; message names the rule. */
export class CompileError extends SctError {
  readonly code = 'SCT_COMPILE';
}
