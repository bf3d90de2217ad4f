// Issue 12 point 2: a relative -P path matches calls on a descriptor (resolved against sct's
// starting cwd, as strace does), and a rule that never matched says so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, PROGRAM, sct, strace, programs } from './real.js';
import { needs } from '../../../helpers/host/index.js';

const SQL = 'create table if not exists t(x); insert into t values(1);';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sct-p-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('-P t.db (relative) on sqlite3', () => {
  beforeEach(needs(...programs('cli', 'sqlite3', 'strace')));
  it('fdatasync on the database fails with EIO as often as under strace, and sqlite3 reports it', () => {
    const spec = ['-P', 't.db', '-e', 'inject=fdatasync:error=EIO'];
    // strace resolves -P only for a file that exists when it starts: give both an empty database.
    writeFileSync(join(dir, 't.db'), '');
    const theirs = strace(['-qq', '-f', ...spec, '-e', 'trace=fdatasync', PROGRAM.sqlite3, 't.db', SQL], { cwd: dir });
    const expected = lines(theirs.stderr).filter((l) => l.includes('(INJECTED)')).length;
    expect(expected).toBeGreaterThan(0);
    rmSync(join(dir, 't.db'));
    writeFileSync(join(dir, 't.db'), '');
    const ours = sct(['run', ...spec, '--', PROGRAM.sqlite3, 't.db', SQL], { cwd: dir });
    expect(ours.status).toBe(theirs.status);
    expect(ours.stderr).toContain('disk I/O error');
    expect(ours.stderr).toMatch(new RegExp(`^sct: 1\\s+2\\s+${expected}\\s+${expected}$`, 'm'));
  });

  it('also when the database does not exist yet (strace would miss it)', () => {
    const r = sct(['run', '-P', 't.db', '-e', 'inject=fdatasync:error=EIO', '--', PROGRAM.sqlite3, 't.db', SQL], { cwd: dir });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('disk I/O error');
    expect(r.stderr).not.toContain('never matched');
  });

  it('a rule that never matched gets a summary line, and an `unmatched` event with --json', () => {
    const spec = ['-e', 'inject=openat:error=EACCES:when=1', '-P', 'other.db', '-e', 'inject=fdatasync:error=EIO'];
    const r = sct(['run', ...spec, '--', PROGRAM.sqlite3, 't.db', SQL], { cwd: dir });
    expect(r.status).toBe(0);
    expect(lines(r.stderr).filter((l) => l.includes('never matched'))).toEqual([
      'sct: rule 1 (openat -P other.db): never matched',
      'sct: rule 2 (fdatasync -P other.db): never matched',
    ]);
    const json = sct(['run', '--json', ...spec, '--', PROGRAM.sqlite3, 't.db', SQL], { cwd: dir });
    const events = lines(json.stderr).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.filter((e) => e.type === 'unmatched')).toEqual([
      expect.objectContaining({ rule: 1, action: 'FAIL', message: 'openat -P other.db' }),
      expect.objectContaining({ rule: 2, action: 'FAIL', message: 'fdatasync -P other.db' }),
    ]);
  });
});
