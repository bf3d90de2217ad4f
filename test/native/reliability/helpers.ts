// Shared by the reliability tests: their C programs, built once per file into a temp dir.
import { execFileSync } from 'node:child_process';
import { waitMs } from '../../helpers/scale.js';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packageRoot } from '../../../harness/src/paths.js';

export { rule, p, n, str, cmp, FAIL } from '../../unit/engine/compile/helpers.js';
export { lines } from '../engine/helpers.js';

export interface Programs {
  dir: string;
  bin(name: string): string;
  cleanup(): void;
}

export function buildPrograms(): Programs {
  const dir = mkdtempSync(join(tmpdir(), 'sct-reliability-'));
  const src = join(packageRoot(), 'test/native/reliability/c');
  for (const file of readdirSync(src).filter((f) => f.endsWith('.c'))) {
    execFileSync('cc', ['-O2', '-Wall', '-pthread', '-o', join(dir, basename(file, '.c')), join(src, file)], { stdio: 'pipe' });
  }
  return { dir, bin: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
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
