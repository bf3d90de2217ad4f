// The C programs tests run live in test/c/, one program per file. Each is compiled with cc at its
// first use into a temp dir, so a test that a host probe skips compiles nothing, and the programs
// one test file needs are all it pays for.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../harness/src/paths.js';

export const C_PROGRAMS = 'test/c';

const CFLAGS = ['-O2', '-Wall', '-pthread'];

/** Libraries a program links with (after its source, as the linker wants them). */
const LIBS: Record<string, string[]> = {
  uring_write: ['-luring'],
  // static: its rules act on read(3, ...), which is also how ld.so reads libc.so.6
  after_read: ['-static'],
};

/** Compiles test/c/NAME.c to DIR/NAME and returns that path. */
export function compileProgram(name: string, dir: string): string {
  const bin = join(dir, name);
  const src = join(packageRoot(), C_PROGRAMS, `${name}.c`);
  execFileSync('cc', [...CFLAGS, '-o', bin, src, ...(LIBS[name] ?? [])], { stdio: 'pipe' });
  return bin;
}

export interface Programs {
  /** The temp dir the programs are built in; tests put their own files there too. */
  dir: string;
  /** Path of the built program NAME (test/c/NAME.c), compiled now if it is not yet. */
  bin(name: string): string;
  cleanup(): void;
}

export function buildPrograms(): Programs {
  const dir = mkdtempSync(join(tmpdir(), 'sct-c-programs-'));
  const built = new Set<string>();
  return {
    dir,
    bin: (name) => {
      if (!built.has(name)) compileProgram(name, dir);
      built.add(name);
      return join(dir, name);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A program shared by every test process: built once into node_modules/.cache/sct-c-programs/,
 * named by a hash of its source and flags, so a changed source is rebuilt and nothing is left in
 * the OS temp dir (vitest ends its workers without an exit event). Built under a temporary name
 * and renamed, so that two workers building it at once both get a whole file.
 */
export function program(name: string): string {
  const src = join(packageRoot(), C_PROGRAMS, `${name}.c`);
  const hash = createHash('sha256').update(readFileSync(src)).update(JSON.stringify([CFLAGS, LIBS[name]])).digest('hex').slice(0, 16);
  const dir = join(packageRoot(), 'node_modules', '.cache', 'sct-c-programs');
  const bin = join(dir, `${name}-${hash}`);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = mkdtempSync(join(dir, `.${name}-`));
  try {
    renameSync(compileProgram(name, tmp), bin);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return bin;
}

/** Builds test/c/NAME.c into a temp dir, hands the binary to `use`, removes it (host probes). */
export function withProgram<T>(name: string, use: (bin: string) => T): T {
  const progs = buildPrograms();
  try {
    return use(progs.bin(name));
  } finally {
    progs.cleanup();
  }
}
