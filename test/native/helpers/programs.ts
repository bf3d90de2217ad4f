// Compiles test/native/programs/*.c with `cc` into one temp dir per test process (once).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'programs');
let outDir: string | undefined;

/** Absolute path of the compiled program `name` (file name without .c). */
export function program(name: string): string {
  if (!outDir) {
    outDir = mkdtempSync(join(tmpdir(), 'sct-native-progs-'));
    for (const f of readdirSync(srcDir).filter((f) => f.endsWith('.c'))) {
      execFileSync('cc', ['-O2', '-Wall', '-o', join(outDir, basename(f, '.c')), join(srcDir, f)], { stdio: 'inherit' });
    }
  }
  return join(outDir, name);
}
