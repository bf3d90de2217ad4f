import { SctError } from '../../errors.js';

/** The program to run does not exist (checked before anything is launched). */
export class CommandNotFoundError extends SctError {
  readonly code = 'SCT_COMMAND_NOT_FOUND';
  constructor(
    readonly command: string,
    /** Every path that was tried. */
    readonly tried: string[],
  ) {
    super(tried.length > 1 ? `command not found: \`${command}\` (looked in ${tried.map((t) => t.slice(0, t.length - command.length - 1)).join(', ')})` : `command not found: \`${command}\``);
  }
}

/** The program exists but cannot be executed (a directory, no execute permission). */
export class CommandNotExecutableError extends SctError {
  readonly code = 'SCT_COMMAND_NOT_EXECUTABLE';
  constructor(
    readonly command: string,
    readonly path: string,
    reason: string,
  ) {
    super(`cannot execute \`${path}\`: ${reason}`);
  }
}

/** The supervisor failed to start or run the target. */
export class LaunchError extends SctError {
  readonly code = 'SCT_LAUNCH_FAILED';
}
