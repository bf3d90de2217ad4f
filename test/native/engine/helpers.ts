// Shared by the engine's native tests: C programs built into a temp dir, and rule builders.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { packageRoot } from '../../../harness/src/paths.js';

export { rule, p, n, str, sym, cmp, FAIL } from '../../unit/engine/compile/helpers.js';

export interface Programs {
  dir: string;
  bin(name: string): string;
  cleanup(): void;
}

/**
 * Compiles every .c file of `srcDir` (a path in the repository) with cc into a fresh temp dir, at
 * the first `bin()` call: a test that a host probe skips (test/helpers/host) compiles nothing.
 */
export function buildPrograms(srcDir = 'test/native/engine/c', flags: string[] = []): Programs {
  const dir = mkdtempSync(join(tmpdir(), `sct-${basename(dirname(srcDir))}-test-`));
  let built = false;
  const build = (): void => {
    const src = join(packageRoot(), srcDir);
    for (const file of readdirSync(src).filter((f) => f.endsWith('.c'))) {
      execFileSync('cc', ['-O2', '-Wall', ...flags, '-o', join(dir, basename(file, '.c')), join(src, file)], { stdio: 'pipe' });
    }
    built = true;
  };
  return {
    dir,
    bin: (name) => {
      if (!built) build();
      return join(dir, name);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The built CLI (npm run build), run with node. */
export function cliPath(): string {
  return join(packageRoot(), 'dist/harness/src/cli/main.js');
}

export function lines(text: string | undefined): string[] {
  return (text ?? '').split('\n').filter((l) => l !== '');
}
