// `sct run`'s exit status: the target's own, 128+n for a signal, and env(1)/timeout(1)'s codes for
// what happened around it.

import { signalByName } from '../tables/index.js';
import type { RunResult } from '../engine/run.js';
import { EXIT } from './exit.js';

export const RUN_EXIT = {
  TIMED_OUT: EXIT.TIMED_OUT,
  /** A forwarded SIGTERM/SIGINT/SIGHUP was not obeyed within --kill-after: the tree was SIGKILLed (128 + 9). */
  KILLED: 137,
  NOT_EXECUTABLE: EXIT.NOT_EXECUTABLE,
  NOT_FOUND: EXIT.NOT_FOUND,
} as const;

export function runExitCode(r: RunResult): number {
  if (r.timedOut) return RUN_EXIT.TIMED_OUT;
  if (r.exitCode !== null) return r.exitCode;
  const n = r.signal === null ? undefined : signalByName(r.signal);
  return 128 + (n ?? 0);
}
