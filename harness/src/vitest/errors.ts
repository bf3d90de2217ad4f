import { SctError } from '../errors.js';

/**
 * A matcher asked about a syscall the run did not record: without a rule or a `record` entry for
 * it, "no such call" cannot be told from "not watched", so the matcher refuses instead of
 * answering false.
 */
export class NotRecordedError extends SctError {
  readonly code = 'SCT_NOT_RECORDED';
  constructor(
    readonly syscall: string,
    /** The syscalls the run did record. */
    readonly recorded: readonly string[],
    hint: string,
  ) {
    super(`\`${syscall}\` was not recorded in this run (recorded: ${recorded.join(', ') || 'nothing'}); ${hint}`);
  }
}
