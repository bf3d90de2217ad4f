// Shared by the engine's native tests: C programs built into a temp dir, and rule builders.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packageRoot } from '../../../harness/src/paths.js';

export { rule, p, n, str, sym, cmp, FAIL } from '../../unit/engine/compile/helpers.js';

export interface Programs {
  dir: string;
  bin(name: string): string;
  cleanup(): void;
}

/** Compiles every test/native/engine/c/*.c with cc into a fresh temp dir. */
export function buildPrograms(): Programs {
  const dir = mkdtempSync(join(tmpdir(), 'sct-engine-test-'));
  const src = join(packageRoot(), 'test/native/engine/c');
  for (const file of readdirSync(src).filter((f) => f.endsWith('.c'))) {
    execFileSync('cc', ['-O2', '-Wall', '-o', join(dir, basename(file, '.c')), join(src, file)], { stdio: 'pipe' });
  }
  return { dir, bin: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The built CLI (npm run build), run with node. */
export function cliPath(): string {
  return join(packageRoot(), 'dist/harness/src/cli/main.js');
}

export function lines(text: string | undefined): string[] {
  return (text ?? '').split('\n').filter((l) => l !== '');
}
