// Issue 12 point 12: io_uring bypasses every syscall rule. sct warns when a target calls
// io_uring_setup, and --no-io-uring fails that call with ENOSYS so that a program with a fallback
// (test/c/uring_write.c, built on Debian's liburing-dev) does its I/O with write(2), which rules see.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileProgram } from '../../../helpers/c-programs.js';
import { lines, programs, sct, strace } from './real.js';
import { defineProbe, needs } from '../../../helpers/host/index.js';

const LIBURING = '/usr/include/liburing.h';
const liburing = defineProbe("liburing's headers", () => (existsSync(LIBURING) ? undefined : `${LIBURING} is missing (Debian's liburing-dev; ci/install.sh installs it)`));
const noLiburing = liburing.missing();

const dir = mkdtempSync(join(tmpdir(), 'sct-uring-'));
const prog = join(dir, 'uring_write');
const out = join(dir, 'out.txt');
const TEXT = 'hello from io_uring\n';
const RULE = ['-P', out, '-e', 'inject=write:error=EIO'];

beforeAll(() => {
  if (noLiburing) return;
  compileProgram('uring_write', dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('io_uring', () => {
  beforeEach(needs(liburing, ...programs('cli', 'strace')));
  it('the program writes through io_uring: the write rule never matches, and sct says why', () => {
    const r = sct(['run', ...RULE, '--', prog, out]);
    expect([r.status, r.stdout]).toEqual([0, `io_uring ${TEXT.length}\n`]);
    expect(readFileSync(out, 'utf8')).toBe(TEXT);
    const warnings = lines(r.stderr).filter((l) => l.startsWith('sct: warning: '));
    expect(warnings).toEqual([expect.stringMatching(/^sct: warning: pid \d+ \(uring_write\) calls io_uring_setup: the I\/O it submits through io_uring bypasses syscall rules; --no-io-uring /)]);
    expect(r.stderr).toContain(`never matched`);
  });

  it('--no-io-uring: io_uring_setup fails with ENOSYS as under strace, the program falls back to write(2), the rule applies', () => {
    const theirs = strace(['-f', '-qq', '-e', 'inject=io_uring_setup:error=ENOSYS', '-e', 'trace=io_uring_setup', prog, out]);
    expect(theirs.stdout).toBe(`write ${TEXT.length}\n`);
    const plain = sct(['run', '--no-io-uring', '--', prog, out]);
    expect([plain.status, plain.stdout]).toEqual([0, theirs.stdout]);
    const r = sct(['run', '--no-io-uring', ...RULE, '--', prog, out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('write: Input/output error');
    expect(r.stderr).toMatch(/^sct: 1\s+2\s+1\s+1$/m);
    expect(r.stderr).not.toContain('io_uring_setup');
    expect(readFileSync(out, 'utf8')).toBe('');
  });
});
