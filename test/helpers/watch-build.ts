// For the tests of native/watch (vitest project `watch`): why they cannot run here, or undefined.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../harness/src/paths.js';

export const WATCH_DIR = join(packageRoot(), 'native/watch');

/** Root, then `make -C native/watch <target>` (BPF objects need clang, bpftool and the running kernel's BTF). */
export function watchUnavailable(target: string): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (loads BPF programs)';
  const make = spawnSync('make', ['-s', '-C', WATCH_DIR, target], { encoding: 'utf8' });
  if (make.status !== 0) return `make -C native/watch ${target} failed: ${make.stderr.trim()}`;
  return undefined;
}
