import { SctError } from '../../errors.js';

const QUOTED_MAX = 60;

/** `'pattern'` for messages, cut to its start (the location shows it all): what follows must show. */
export function quoted(pattern: string): string {
  return `'${pattern.length > QUOTED_MAX ? `${pattern.slice(0, QUOTED_MAX - 1)}…` : pattern}'`;
}

/** The fix named by every SCT_REGEX_TOO_BIG message. */
export const SIMPLIFY = 'use fewer alternatives, `.*` and counted repeats, or split it into several conditions';

export type RegexErrorCode = 'SCT_BAD_REGEX' | 'SCT_REGEX_TOO_BIG';

/** A pattern that is not a supported POSIX ERE, or whose automaton would be too large. */
export class RegexError extends SctError {
  readonly code: RegexErrorCode;
  constructor(
    code: RegexErrorCode,
    message: string,
    /** The pattern as written. */
    readonly pattern: string,
    /** 0-based offset in `pattern` of the offending character, when there is one. */
    readonly offset?: number,
  ) {
    super(message);
    this.code = code;
  }
}
