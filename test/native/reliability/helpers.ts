// Shared by the reliability tests: the C programs (test/c), rule builders, process states.
import { execFileSync } from 'node:child_process';
import { waitMs } from '../../helpers/scale.js';

export { rule, p, n, str, cmp, FAIL } from '../../unit/engine/compile/helpers.js';
export { lines } from '../engine/helpers.js';
/** The C programs of test/c, built at first use. */
export { buildPrograms, type Programs } from '../../helpers/c-programs.js';

/** One-letter state of a process from /proc/PID/stat ('' when gone). */
export function procState(pid: number): string {
  try {
    return execFileSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' }).split(') ')[1]!.split(' ')[0]!;
  } catch {
    return '';
  }
}

export async function waitFor(cond: () => boolean, ms = waitMs(5000)): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}
