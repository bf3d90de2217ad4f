// `sct config check` and `sct config print` through the built CLI (npm test builds it first).
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sct = (...args: string[]) => execa('node', ['dist/harness/src/cli/main.js', ...args], { reject: false });
const valid = ['test/fixtures/config/valid/original-example.sct', 'test/fixtures/config/valid/every-construct.sct'];

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sct-cli-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('sct config check', () => {
  it('accepts the original example and the every-construct file (warnings do not fail)', async () => {
    const run = await sct('config', 'check', ...valid);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('ok: 16 rule(s) in 2 source(s), 2 warning(s)');
    expect(run.stderr).toContain('warning[SCT_LIBC_AVOIDS]: glibc on x86_64 calls newfstatat, not stat');
  });

  it('reports every error of every file with its place, and exits 1', async () => {
    const bad = tempFile(
      'bad.sct',
      ['rule {', '  syscall_name = opn', '  action { type = FAIL; error = EACCESS }', '}', 'rule {', '  syscall_name { unlink }', '}', ''].join('\n'),
    );
    const run = await sct('config', 'check', bad, valid[0]!);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`error[SCT_PARSE_SYNTAX]: Expected "=" but "{" found.\n --> ${bad}:6:16\n  |\n6 |   syscall_name { unlink }\n  |                ^`);
    expect(run.stderr).toContain("error[SCT_UNKNOWN_SYSCALL]: unknown syscall 'opn'; did you mean 'open'?");
    expect(run.stderr).toContain("error[SCT_UNKNOWN_SYMBOL]: unknown errno 'EACCESS'; did you mean 'EACCES'?");
    expect(run.stderr).toMatch(/3 error\(s\), 0 warning\(s\)$/);
  });

  it('checks strace-style specs given with -e', async () => {
    const ok = await sct('config', 'check', '-e', 'inject=openat:error=EACCES:when=3');
    expect(ok.exitCode).toBe(0);
    const bad = await sct('config', 'check', '-e', 'inject=openat:error=EACCESS');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('<argv>:1:');
  });

  it('is a usage error without input, or with a file that cannot be read', async () => {
    expect((await sct('config', 'check')).exitCode).toBe(2);
    const missing = await sct('config', 'check', '/nonexistent/rules.sct');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe('sct: cannot read rule file `/nonexistent/rules.sct`: ENOENT');
  });

  it('rejects unknown subcommands and options with exit 2', async () => {
    expect((await sct('frobnicate')).exitCode).toBe(2);
    expect((await sct('config', 'check', '--bogus', valid[0]!)).exitCode).toBe(2);
  });
});

describe('sct config print', () => {
  it('prints the normal form, which prints back to itself', async () => {
    const first = await sct('config', 'print', valid[1]!);
    expect(first.exitCode).toBe(0);
    const again = await sct('config', 'print', tempFile('normal.sct', first.stdout + '\n'));
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe(first.stdout);
  });

  it('refuses invalid files with exit 1', async () => {
    const run = await sct('config', 'print', tempFile('x.sct', 'rule { syscall_name = open }\n'));
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('SCT_PARSE_MISSING_KEY');
  });
});

describe('sct --help', () => {
  it('documents every subcommand and exits 0', async () => {
    const run = await sct('--help');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/config/);
    const sub = await sct('config', 'check', '--help');
    expect(sub.exitCode).toBe(0);
    expect(sub.stdout).toContain('Usage: sct config check');
  });
});
