// The crash checks of scenarios/crash-*.ts on hand-made crash states: each state a power loss can
// leave passes or fails with the message a user reads in `sct crash`'s report. The sqlite3
// recoveries are what sqlite3 3.40 printed on such files (docs/crash-sqlite-notes.md).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../harness/src/paths.js';
import { loadScenarioFile } from '../../../harness/src/scenarios/load.js';
import type { CrashState, RecoveryResult, Scenario } from '../../../harness/src/scenarios/types.js';
import { crashLog } from '../../../scenarios/crash-log.js';
import { crashSave } from '../../../scenarios/crash-save.js';
import { crashSqlite } from '../../../scenarios/crash-sqlite.js';

interface Made {
  stdout: string;
  files: Record<string, string>;
  recovery?: Partial<RecoveryResult>;
}

function state(m: Made): CrashState {
  return {
    dir: '/nonexistent/crash-state',
    model: 'reorder',
    cut: 0,
    stdout: m.stdout,
    lost: [],
    ...(m.recovery ? { recovery: { exitCode: 0, signal: null, stdout: '', stderr: '', ...m.recovery } } : {}),
    read: (path) => m.files[path],
  };
}

async function verdict(s: Scenario, m: Made): Promise<unknown> {
  return s.crash!.check!(state(m));
}

// [what, scenario, state, undefined (passes) or the message]
const SAVE: [string, Scenario, Made, string | RegExp | undefined][] = [
  ['old contents, nothing acknowledged', crashSave('buggy'), { stdout: '', files: { data: 'v1\n', 'data.tmp': '' } }, undefined],
  ['new contents after saved', crashSave('buggy'), { stdout: 'saved\n', files: { data: 'v2\n' } }, undefined],
  ['new contents before saved', crashSave('fixed'), { stdout: '', files: { data: 'v2\n' } }, undefined],
  ['renamed before its data', crashSave('buggy'), { stdout: '', files: { data: '' } }, 'data is "" (empty): the old contents "v1\\n" were lost and the new "v2\\n" are not there'],
  ['zero-filled', crashSave('buggy'), { stdout: 'saved\n', files: { data: '\0\0\0' } }, 'data is 3 zero bytes: the old contents "v1\\n" were lost and the new "v2\\n" are not there, though "saved" had been printed'],
  ['missing', crashSave('fsync-file'), { stdout: '', files: {} }, 'data is missing: the old contents were lost'],
  ['rename lost after saved', crashSave('fsync-file'), { stdout: 'saved\n', files: { data: 'v1\n', 'data.tmp': 'v2\n' } }, 'data is still the old "v1\\n", though "saved" had been printed: the acknowledged save was lost'],
];

const LOG: [string, Scenario, Made, string | RegExp | undefined][] = [
  ['no log, nothing acknowledged', crashLog('buggy'), { stdout: '', files: {} }, undefined],
  ['empty log, nothing acknowledged', crashLog('buggy'), { stdout: '', files: { log: '' } }, undefined],
  ['more records than acknowledged', crashLog('fixed'), { stdout: 'ack 1\n', files: { log: 'record 1\nrecord 2\n' } }, undefined],
  ['every record', crashLog('fixed'), { stdout: 'ack 1\nack 2\nack 3\n', files: { log: 'record 1\nrecord 2\nrecord 3\n' } }, undefined],
  ['log lost after acks', crashLog('buggy'), { stdout: 'ack 1\nack 2\n', files: {} }, 'log is missing, though "ack 2" had been printed: 2 acknowledged records were lost'],
  ['acknowledged record lost', crashLog('buggy'), { stdout: 'ack 1\nack 2\n', files: { log: 'record 1\n' } }, 'log holds 1 whole record ("record 1\\n"), though "ack 2" had been printed: record 2 was acknowledged and lost'],
  ['torn record', crashLog('buggy'), { stdout: 'ack 1\n', files: { log: 'record 1\nrec' } }, 'log is "record 1\\nrec": after 1 whole record comes "rec", a torn or stray record'],
  ['zero-filled record', crashLog('buggy'), { stdout: '', files: { log: '\0'.repeat(9) } }, /^log is 9 zero bytes: after 0 whole records comes 9 zero bytes, zero bytes where a record should be/],
];

const RECOVERED = { stdout: 'ok\ntable t: 1\nrow 1\nrow 2\n' };
const NO_TABLE = { exitCode: 1, stdout: 'ok\ntable t: 0\n', stderr: 'Error: in prepare, no such table: t\n' };
const SQLITE: [string, Scenario, Made, string | RegExp | undefined][] = [
  ['rows 1 and 2 committed, kept', crashSqlite('extra'), { stdout: 'row 1\nrow 2\n', files: { db: 'SQLite format 3\0' }, recovery: RECOVERED }, undefined],
  ['an unacknowledged row rolled back', crashSqlite('extra'), { stdout: 'row 1\n', files: { db: 'SQLite format 3\0' }, recovery: { stdout: 'ok\ntable t: 1\nrow 1\n' } }, undefined],
  ['no db before row 1', crashSqlite('off'), { stdout: '', files: { db: '' }, recovery: NO_TABLE }, undefined],
  ['the last commit rolled back', crashSqlite('full'), { stdout: 'row 1\nrow 2\nrow 3\n', files: { db: 'SQLite format 3\0' }, recovery: RECOVERED }, 'row 3 is missing, though acknowledged (db holds row 1, row 2)'],
  ['db lost', crashSqlite('off'), { stdout: 'row 1\n', files: { db: '' }, recovery: NO_TABLE }, 'row 1 is missing, though acknowledged (db holds no table t) (db was missing or empty: the recovery opened it as a new database)'],
  ['a corrupt page', crashSqlite('off'), { stdout: 'row 1\n', files: { db: 'SQLite format 3\0' }, recovery: { exitCode: 11, stdout: '*** in database main ***\nPage 2: btreeInitPage() returns error code 11\n' } }, 'integrity_check: "*** in database main ***\\nPage 2: btreeInitPage() returns error code 11"'],
  ['not a database', crashSqlite('off'), { stdout: 'row 1\n', files: { db: 'garbage' }, recovery: { exitCode: 26, stderr: 'Error: in prepare, file is not a database (26)\n' } }, 'the recovery did not run integrity_check: sqlite3 exited with 26: "Error: in prepare, file is not a database (26)"'],
  ['recovery killed', crashSqlite('wal'), { stdout: '', files: {}, recovery: { exitCode: null, signal: 'SIGKILL' } }, 'the recovery (sqlite3 on db) was killed by SIGKILL'],
];

describe.each([['crash-save', SAVE], ['crash-log', LOG], ['crash-sqlite', SQLITE]] as const)('%s check', (_file, table) => {
  it.each(table)('%s', async (_what, scenario, made, message) => {
    const got = await verdict(scenario, made);
    if (message === undefined) expect(got).toBeUndefined();
    else if (typeof message === 'string') expect(got).toBe(message);
    else expect(got).toMatch(message);
  });
});

describe('crash scenario files', () => {
  // The loader's order is what `sct crash FILE` picks from (the first, or --scenario NAME).
  it('list the buggy variant first, then the others', async () => {
    const names = await Promise.all(['crash-save', 'crash-log', 'crash-sqlite'].map(async (f) => (await loadScenarioFile(join(packageRoot(), 'scenarios', `${f}.ts`))).map((s) => s.name)));
    expect(names).toEqual([
      ['crash-save-buggy', 'crash-save-fsync-file', 'crash-save-fixed'],
      ['crash-log-buggy', 'crash-log-fixed'],
      ['crash-sqlite-off', 'crash-sqlite-extra', 'crash-sqlite-full', 'crash-sqlite-wal'],
    ]);
  });
});
