// `sct run`'s exit status: the target's own, 128+n for a signal, and env(1)/timeout(1)'s codes for
// what happened around it.

import { signalByName } from '../tables/index.js';
import type { RunResult } from '../engine/run.js';

export const RUN_EXIT = {
  /** --timeout expired (timeout(1)). */
  TIMED_OUT: 124,
  /** A forwarded SIGTERM/SIGINT/SIGHUP was not obeyed within --kill-after: the tree was SIGKILLed (128 + 9). */
  KILLED: 137,
  /** The command exists but cannot be executed (env(1)). */
  NOT_EXECUTABLE: 126,
  /** The command was not found (env(1)). */
  NOT_FOUND: 127,
} as const;

export function runExitCode(r: RunResult): number {
  if (r.timedOut) return RUN_EXIT.TIMED_OUT;
  if (r.exitCode !== null) return r.exitCode;
  const n = r.signal === null ? undefined : signalByName(r.signal);
  return 128 + (n ?? 0);
}
