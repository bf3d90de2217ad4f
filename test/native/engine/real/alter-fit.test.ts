// Issue 12 point 7: an ALTER whose new string does not fit in the caller's leaves the call
// unchanged; it was counted as an injection all the same. `config check` warns when it can tell.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { lines, sct, programs } from './real.js';
import { needs } from '../../../helpers/host/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sct-alter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'in.txt'), 'the original\n');
writeFileSync(join(dir, 'o.txt'), 'the short one\n');
writeFileSync(join(dir, 'a-much-longer-name.txt'), 'the long one\n');

function ruleFile(value: string): string {
  const file = join(dir, `alter-${value}.sct`);
  writeFileSync(file, `rule {\n  syscall_name = openat\n  filter_expression { path == "in.txt" }\n  action { type = ALTER; target = path; value = "${value}" }\n}\n`);
  return file;
}

describe('ALTER of a path on cat', () => {
  beforeEach(needs(...programs('cli')));
  it('a longer path: cat reads the original, the summary counts no injection, and says why', () => {
    const r = sct(['run', '-c', ruleFile('a-much-longer-name.txt'), '--', 'cat', 'in.txt'], { cwd: dir });
    expect([r.status, r.stdout]).toEqual([0, 'the original\n']);
    expect(r.stderr).toContain('sct: warning: rule 1: alter: 23 bytes do not fit in the 7-byte string of argument 1; call left unchanged, not counted as an injection');
    expect(r.stderr).toMatch(/^sct: 1\s+2\s+1\s+0$/m);
    const json = sct(['run', '--json', '-c', ruleFile('a-much-longer-name.txt'), '--', 'cat', 'in.txt'], { cwd: dir });
    const events = lines(json.stderr).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.filter((e) => e.type === 'rule')).toEqual([expect.objectContaining({ action: 'ALTER', acted: false })]);
  });

  it('a path that fits: cat reads the other file, one injection', () => {
    const r = sct(['run', '-c', ruleFile('o.txt'), '--', 'cat', 'in.txt'], { cwd: dir });
    expect([r.status, r.stdout]).toEqual([0, 'the short one\n']);
    expect(r.stderr).toMatch(/^sct: 1\s+2\s+1\s+1$/m);
  });

  it('config check warns before the run, and only for the one that cannot fit', () => {
    const long = sct(['config', 'check', ruleFile('a-much-longer-name.txt')]);
    expect(long.status).toBe(0);
    expect(long.stderr).toContain('warning[SCT_ALTER_TOO_LONG]: "a-much-longer-name.txt" (23 bytes with its NUL) does not fit in "in.txt" (7)');
    expect(sct(['config', 'check', ruleFile('o.txt')]).stderr).not.toContain('SCT_ALTER_TOO_LONG');
  });
});
