// sct crash on the demo targets and on sqlite3 (issue #17): the unsynced save is found, the fixed
// one passes; sqlite3 with synchronous=EXTRA keeps every committed row in every state under
// lose-unsynced and reorder, with OFF some state loses a committed row, FULL loses the last commit,
// and WAL's shared mmap of db-shm is reported as not modelled.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { crash, type CrashResult, type ModelName } from '../../../harness/src/crash/index.js';
import { loadScenarioFile, type Scenario } from '../../../harness/src/scenarios/index.js';
import { needs } from '../../helpers/host/index.js';
import { waitMs } from '../../helpers/scale.js';
import { programs, sct, strace } from '../engine/real/real.js';

const out = mkdtempSync(join(tmpdir(), 'sct-crash-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function scenario(file: string, name: string): Promise<Scenario> {
  const s = (await loadScenarioFile(`scenarios/${file}`)).find((x) => x.name === name);
  if (!s) throw new Error(`${file} has no scenario ${name}`);
  return s;
}

const model = (r: CrashResult, m: ModelName) => r.models.find((x) => x.model === m)!;
const ALL: ModelName[] = ['process', 'lose-unsynced', 'reorder'];

describe('the temp+rename save (scenarios/crash-save.ts)', () => {
  it('buggy (no fsync): reorder finds data emptied by a rename that reached the disk before the data', async () => {
    const r = await crash(await scenario('crash-save.ts', 'crash-save-buggy'), { models: ALL, seed: 1 });
    expect(model(r, 'process').violation).toBeUndefined();
    const v = model(r, 'reorder').violation!;
    expect(v.reasons).toEqual(['crash.check: data is "" (empty): the old contents "v1\\n" were lost and the new "v2\\n" are not there']);
    expect(v.persisted).toEqual([expect.stringMatching(/rename\(data.tmp -> data\) persisted$/)]);
    expect(v.lost).toEqual([expect.stringMatching(/write\(data.tmp, 3 bytes at 0\) never synced: lost$/)]);
    // lose-unsynced: after "saved" nothing of the save is on disk.
    expect(model(r, 'lose-unsynced').violation?.reasons).toEqual([expect.stringContaining('the acknowledged save was lost')]);
  });

  it('fsync of the file but not of the directory: passes under process, not once the rename may be lost', async () => {
    const r = await crash(await scenario('crash-save.ts', 'crash-save-fsync-file'), { models: ALL });
    expect(model(r, 'process').violation).toBeUndefined();
    expect(model(r, 'process').coverage).toBe('all');
    for (const m of ['lose-unsynced', 'reorder'] as const) {
      expect(model(r, m).violation?.lost).toContainEqual(expect.stringMatching(/rename\(data.tmp -> data\) not made durable/));
    }
  });

  it('fixed (fsync of file and directory): no violating state under any model, every point checked', async () => {
    const r = await crash(await scenario('crash-save.ts', 'crash-save-fixed'), { models: ALL });
    for (const m of r.models) {
      expect(m.violation, m.model).toBeUndefined();
      expect(m.coverage).toBe('all');
      expect(m.checked).toBeGreaterThan(1);
    }
    expect(r.recording.ops.map((o) => o.kind)).toEqual(['create', 'write', 'fsync', 'rename', 'fsync', 'output']);
  });
});

describe('the append-only log (scenarios/crash-log.ts)', () => {
  it('buggy (acknowledges before fsync): an acknowledged record is lost; fixed: none', async () => {
    const buggy = await crash(await scenario('crash-log.ts', 'crash-log-buggy'), { models: ['lose-unsynced', 'reorder'] });
    for (const m of buggy.models) expect(m.violation?.reasons.join(), m.model).toMatch(/acknowledged|ack/);
    const fixed = await crash(await scenario('crash-log.ts', 'crash-log-fixed'), { models: ALL });
    for (const m of fixed.models) expect(m.violation, m.model).toBeUndefined();
  });
});

describe('sqlite3 inserting rows in three transactions (scenarios/crash-sqlite.ts)', () => {
  beforeEach(needs(...programs('sqlite3')));

  it('synchronous=EXTRA: every state under lose-unsynced and reorder passes integrity_check and keeps every committed row', async () => {
    const r = await crash(await scenario('crash-sqlite.ts', 'crash-sqlite-extra'), { models: ['lose-unsynced', 'reorder'], workers: 2 });
    for (const m of r.models) {
      expect(m.violation, `${m.model}: ${m.violation?.reasons.join('; ')}`).toBeUndefined();
      expect(m.coverage).toBe('all');
    }
    expect(r.recording.unmodelled).toEqual([]);
  });

  it('synchronous=OFF: some state loses a committed row', async () => {
    const r = await crash(await scenario('crash-sqlite.ts', 'crash-sqlite-off'), { models: ['lose-unsynced'] });
    expect(model(r, 'lose-unsynced').violation?.reasons).toEqual([expect.stringMatching(/^crash\.check: row 1 is missing, though acknowledged/)]);
  });

  it('synchronous=FULL: the journal unlink after a commit is not durable, so the last commit can be rolled back', async () => {
    const r = await crash(await scenario('crash-sqlite.ts', 'crash-sqlite-full'), { models: ['lose-unsynced', 'reorder'] });
    for (const m of r.models) {
      const v = m.violation!;
      expect(v.reasons, m.model).toEqual([expect.stringMatching(/row \d is missing, though acknowledged/)]);
      expect(v.lost.join('\n')).toMatch(/unlink\(db-journal\)/);
    }
  });

  it('WAL: the shared writable mmap of db-shm is reported as not modelled', async () => {
    const r = await crash(await scenario('crash-sqlite.ts', 'crash-sqlite-wal'), { models: ['lose-unsynced'] });
    expect(r.recording.unmodelled).toEqual([expect.stringMatching(/^mmap\(db-shm, PROT_WRITE, MAP_SHARED\) \(calls [\d, ]+\): writes through a shared mapping are not modelled/)]);
    expect(model(r, 'lose-unsynced').violation).toBeUndefined();
  });

  it('records the same pwrite64, fdatasync and unlink calls as strace sees in the same script', async (ctx) => {
    needs(...programs('strace'))(ctx);
    // strace is the ground truth for what the recording sees: one run of each, counted per call.
    const dir = mkdtempSync(join(out, 'strace-'));
    const ran = strace(['-f', '-qq', '-e', 'trace=pwrite64,fdatasync,unlink', '-e', 'signal=none', '-o', join(dir, 'trace'), join(process.cwd(), 'scenarios/targets/sqlite-rows.sh'), 'EXTRA'], { cwd: dir });
    expect(ran.status, ran.stderr).toBe(0);
    const calls = readFileSync(join(dir, 'trace'), 'utf8').split('\n').flatMap((l) => /^\d+\s+(\w+)\(.*\)\s+= \d+$/.exec(l)?.[1] ?? []);
    const count = (name: string): number => calls.filter((c) => c === name).length;
    expect(count('pwrite64')).toBeGreaterThan(0);
    const r = await crash(await scenario('crash-sqlite.ts', 'crash-sqlite-extra'), { models: ['process'], budgetRuns: 1 });
    const ops = r.recording.ops;
    expect(ops.filter((o) => o.src.syscall === 'pwrite64').length).toBe(count('pwrite64'));
    expect(ops.filter((o) => o.src.syscall === 'fdatasync').length).toBe(count('fdatasync'));
    expect(ops.filter((o) => o.kind === 'unlink').length).toBe(count('unlink'));
  });
});

describe('the sct crash command', () => {
  beforeEach(needs(...programs('cli')));
  // Each runs the built CLI: about 2 s here, a minute or more in the VM's emulated guest.
  const run = (args: string[]) => sct(args, { timeout: waitMs(120_000) });

  it('exits 1 with the report, the state and a replay command; the replay checks the saved state again', () => {
    const r = run(['crash', 'scenarios/crash-save.ts', '--out', out, '--seed', '7']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^reorder: \d+ distinct states of \d+ crash points .*: VIOLATED$/m);
    expect(r.stdout).toContain('#3 rename(data.tmp -> data) persisted');
    expect(r.stdout).toContain('#2 write(data.tmp, 3 bytes at 0) never synced: lost');
    const state = join(out, 'crash-save-buggy.reorder.state.json');
    expect(readFileSync(join(out, 'crash-save-buggy.reorder.md'), 'utf8')).toMatch(/\| 2 \| \d+ \| write \| `write\(data.tmp, 3 bytes at 0\)` \| \*\*lost\*\* \|/);
    expect(readFileSync(join(out, 'crash-save-buggy.reorder.html'), 'utf8')).toContain('<mark>lost</mark>');
    expect(readFileSync(join(out, 'crash-save-buggy.reorder.state', 'data'), 'utf8')).toBe('');
    const replay = run(['crash', 'scenarios/crash-save.ts', '--replay', state]);
    expect(replay.status, replay.stderr).toBe(1);
    expect(replay.stdout).toContain('still violated');
  });

  it('exits 0 on the fixed save, 125 on a scenario without crash expectations, 2 on a bad option', () => {
    expect(run(['crash', 'scenarios/crash-save.ts', '--scenario', 'crash-save-fixed', '--model', 'all', '--out', out]).status).toBe(0);
    const none = run(['crash', 'scenarios/journal-enospc-fsync.ts', '--out', out]);
    expect(none.status).toBe(125);
    expect(none.stderr).toContain('[SCT_CRASH_NO_SPEC]');
    const bad = run(['crash', 'scenarios/crash-save.ts', '--model', 'ext5']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Expected `--model` to be 'process', 'lose-unsynced', 'reorder'");
    expect(run(['crash', 'scenarios/crash-save.ts', '--budget', 'lots']).status).toBe(2);
  });
});

describe('a model with more crash points than the budget', () => {
  it('is sampled by fast-check from the seed, and the violation shrinks to the earliest cut and the fewest losses', async () => {
    const s = await scenario('crash-save.ts', 'crash-save-buggy');
    const whole = await crash(s, { models: ['reorder'] });
    const a = await crash(s, { models: ['reorder'], budgetRuns: 8, seed: 42, workers: 2 });
    const m = model(a, 'reorder');
    expect(m.coverage).toBe('sampled');
    expect(m.checked).toBeLessThanOrEqual(8);
    // The same smallest state as the exhaustive search: cut 3 (after the rename), the one write lost.
    expect(m.violation?.point).toEqual(model(whole, 'reorder').violation?.point);
    const b = await crash(s, { models: ['reorder'], budgetRuns: 8, seed: 42 });
    expect(model(b, 'reorder').violation?.point).toEqual(m.violation?.point);
  });
});
