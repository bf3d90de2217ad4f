import { LaunchError } from '../../errors.js';

export { LaunchError };

/** The program to run does not exist (checked before anything is launched). */
export class CommandNotFoundError extends LaunchError {
  constructor(
    readonly command: string,
    /** Every path that was tried. */
    readonly tried: string[],
  ) {
    super(tried.length > 1 ? `command not found: \`${command}\` (looked in ${tried.map((t) => t.slice(0, t.length - command.length - 1)).join(', ')})` : `command not found: \`${command}\``, { code: 'SCT_COMMAND_NOT_FOUND', file: command });
  }
}

/** The program exists but cannot be executed (a directory, no execute permission). */
export class CommandNotExecutableError extends LaunchError {
  constructor(
    readonly command: string,
    readonly path: string,
    reason: string,
  ) {
    super(`cannot execute \`${path}\`: ${reason}`, { code: 'SCT_COMMAND_NOT_EXECUTABLE', file: path });
  }
}
