// Shared by the reliability tests: their C programs, built once per file into a temp dir at first use.
import { execFileSync } from 'node:child_process';
import { waitMs } from '../../helpers/scale.js';
import { buildPrograms as buildEnginePrograms, type Programs } from '../engine/helpers.js';

export { rule, p, n, str, cmp, FAIL } from '../../unit/engine/compile/helpers.js';
export { lines, type Programs } from '../engine/helpers.js';

/** The reliability tests' C programs (test/native/reliability/c), built at first use. */
export function buildPrograms(): Programs {
  return buildEnginePrograms('test/native/reliability/c', ['-pthread']);
}

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
