import { SctError, UsageError } from '../errors.js';

export const EXIT = {
  OK: 0,
  /** A check failed: invalid rules, a failed scenario. */
  CHECK_FAILED: 1,
  USAGE: 2,
  /** `sct run`: the harness itself failed (as timeout(1) and env(1) use 125). */
  RUN_INTERNAL: 125,
} as const;

/** Print an error the way a user can act on it and return the exit code it deserves. */
export function reportError(error: unknown, internalCode: number = EXIT.USAGE): number {
  if (error instanceof UsageError) {
    process.stderr.write(`sct: ${error.message}\n`);
    return EXIT.USAGE;
  }
  if (error instanceof SctError) {
    process.stderr.write(`sct: ${error.message} [${error.code}]\n`);
    return internalCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`sct: internal error: ${message}\n`);
  return internalCode === EXIT.USAGE ? EXIT.CHECK_FAILED : internalCode;
}
