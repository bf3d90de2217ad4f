// Builds one C file of the repository with cc into a temp dir, hands the binary to `use`, removes it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packageRoot } from '../../../harness/src/paths.js';

export function withCProgram<T>(source: string, use: (bin: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'sct-host-probe-'));
  try {
    const bin = join(dir, basename(source, '.c'));
    execFileSync('cc', ['-O2', '-Wall', '-o', bin, join(packageRoot(), source)], { stdio: 'pipe' });
    return use(bin);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
