// `sct crash` on a real program: sqlite3 inserts rows 1, 2 and 3, one sqlite3 process (one
// transaction) each, the first also creating the database and its table (targets/sqlite-rows.sh). A row is committed once the sqlite3
// that inserted it has returned: the script then prints `row N`. After a power loss at any point
// and sqlite3's own recovery (a hot journal is rolled back, a WAL replayed), the database must pass
// integrity_check and hold every committed row. What each mode does: docs/crash-sqlite-notes.md.
//   extra: rollback journal, the directory fsynced after the journal is deleted: passes.
//   full:  the journal's unlink is never made durable: if it is lost the journal is hot again, and
//          the last commit is rolled back (lose-unsynced, reorder).
//   off:   no fsync at all: committed rows (with the table, the whole db file) can be lost.
//   wal:   WAL with synchronous=FULL; db-shm is written through a shared mmap, which sct crash does
//          not model (its contents are rebuilt from db-wal after a crash, so nothing is lost).
import { defineScenario } from 'syscalltrack';

export type Variant = 'extra' | 'full' | 'off' | 'wal';

/** sqlite-rows.sh's arguments: synchronous, and the journal mode. */
const ARGS: Record<Variant, string[]> = { extra: ['EXTRA'], full: ['FULL'], off: ['OFF'], wal: ['FULL', 'WAL'] };

// integrity_check prints "ok" or its findings; then whether t exists; then t's rows (an error,
// after the first two lines, when it does not).
const RECOVERY_SQL = "PRAGMA integrity_check; SELECT 'table t: ' || count(*) FROM sqlite_master WHERE type = 'table' AND name = 't'; SELECT 'row ' || n FROM t ORDER BY n;";

export const crashSqlite = (variant: Variant) =>
  defineScenario({
    name: `crash-sqlite-${variant}`,
    description: `power loss while sqlite3 (${ARGS[variant].join(', ')}) inserts 3 rows: integrity_check ok, and every committed row kept`,
    target: { command: './targets/sqlite-rows.sh', args: ARGS[variant] },
    rules: [],
    expect: {
      exit: 0,
      stdout: /^row 1\nrow 2\nrow 3\n$/,
      files: { db: { exists: true }, 'db-journal': { exists: false }, 'db-wal': { exists: false } },
    },
    crash: {
      // -init /dev/null: no ~/.sqliterc; opening db rolls back a hot journal or replays a WAL.
      recover: { command: 'sqlite3', args: ['-init', '/dev/null', '-batch', 'db', RECOVERY_SQL], timeoutMs: 10_000 },
      check: (s) => {
        const r = s.recovery;
        if (r === undefined) return 'no recovery result: crash.recover did not run';
        if (r.signal !== null) return `the recovery (sqlite3 on db) was killed by ${r.signal}`;
        const failed = `sqlite3 exited with ${r.exitCode}: ${JSON.stringify(r.stderr.trim())}`;
        const out = r.stdout.split('\n').filter((l) => l !== '');
        const t = out.findIndex((l) => l.startsWith('table t: '));
        const integrity = t < 0 ? out : out.slice(0, t);
        if (integrity.length === 0) return `the recovery did not run integrity_check: ${failed}`;
        if (integrity.join('\n') !== 'ok') return `integrity_check: ${JSON.stringify(integrity.join('\n'))}`;
        if (t < 0) return `the recovery stopped after integrity_check: ${failed}`;
        // A missing db is created, empty, by the recovery's sqlite3.
        const empty = s.read('db') === '' ? ' (db was missing or empty: the recovery opened it as a new database)' : '';
        const acked = s.stdout.split('\n');
        const rows = new Set(out.slice(t + 1));
        const lost = acked.filter((l) => /^row \d+$/.test(l) && !rows.has(l));
        if (lost.length > 0) {
          const has = out[t] !== 'table t: 1' ? 'no table t' : rows.size === 0 ? 'no rows' : [...rows].join(', ');
          return `${lost.join(', ')} ${lost.length === 1 ? 'is' : 'are'} missing, though acknowledged (db holds ${has})${empty}`;
        }
        return undefined;
      },
    },
  });

// `sct crash scenarios/crash-sqlite.ts` checks the first (OFF, which loses committed rows), as for
// the other crash-* files; `--scenario crash-sqlite-extra` the others.
export default crashSqlite('off');
export const scenarios = [crashSqlite('extra'), crashSqlite('full'), crashSqlite('wal')];
