// `npm run bench:crash`: how fast `sct crash` checks crash states (issue #17), on one demo target
// (scenarios/crash-save.ts, fixed: a JS check, no recovery command) and on sqlite3
// (scenarios/crash-sqlite.ts, EXTRA: every state opened by `sqlite3 db 'PRAGMA integrity_check...'`).
// For each: the recording run, then every model checked completely, with states/s; beside the
// sqlite3 figures, in the same run, the recovery command alone on one saved state (runs/s): their
// ratio is what sct crash adds to each check (writing the state, hashing, the check). This host
// is shared: only figures measured side by side mean anything. Asserts nothing.
//
//   npx tsx bench/crash.ts [--workers 2] [--rounds 3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { crash, MODELS } from '../harness/src/crash/index.js';
import { loadScenarioFile } from '../harness/src/scenarios/index.js';

const { values: o } = parseArgs({ options: { workers: { type: 'string', default: '2' }, rounds: { type: 'string', default: '3' } } });
const workers = Number(o.workers), rounds = Number(o.rounds);
const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function bench(file: string, name: string, times: number): Promise<void> {
  const s = (await loadScenarioFile(file)).find((x) => x.name === name)!;
  for (let r = 1; r <= times; r++) {
    const t0 = performance.now();
    const res = await crash(s, { models: [...MODELS], workers, seed: 1 });
    const total = (performance.now() - t0) / 1000;
    const cells = res.models.map((m) => `${m.model} ${m.checked}/${m.points} in ${(m.ms / 1000).toFixed(2)} s = ${(m.checked / (m.ms / 1000)).toFixed(1)}/s${m.violation ? ' (violated)' : ''}`);
    console.log(`${name}: ${res.recording.ops.length} ops, recorded in ${(res.recordMs / 1000).toFixed(2)} s; ${cells.join('; ')}; all in ${total.toFixed(1)} s`);
  }
}

/** The recovery command alone, `n` times on one database (what each sqlite3 state check runs). */
function recoverAlone(n: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'sct-bench-crash-'));
  try {
    execFileSync('sh', [join(process.cwd(), 'scenarios/targets/sqlite-rows.sh'), 'EXTRA'], { cwd: dir, stdio: 'ignore' });
    const t0 = performance.now();
    for (let i = 0; i < n; i++) execFileSync('sqlite3', ['-init', '/dev/null', '-batch', 'db', "PRAGMA integrity_check; SELECT 'table t: ' || count(*) FROM sqlite_master WHERE type = 'table' AND name = 't'; SELECT 'row ' || n FROM t ORDER BY n;"], { cwd: dir, stdio: 'ignore' });
    return n / ((performance.now() - t0) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`sct crash bench: ${workers} worker(s), load ${load()}`);
await bench('scenarios/crash-save.ts', 'crash-save-fixed', rounds);
try {
  execFileSync('sqlite3', ['--version'], { stdio: 'ignore' });
} catch {
  console.log('sqlite3 is not installed (ci/install.sh installs it): the sqlite3 rows are left out');
  process.exit(0);
}
for (let r = 1; r <= rounds; r++) {
  const before = recoverAlone(100);
  await bench('scenarios/crash-sqlite.ts', 'crash-sqlite-extra', 1);
  const after = recoverAlone(100);
  console.log(`  the recovery command alone, before and after: ${before.toFixed(1)} and ${after.toFixed(1)} runs/s (one at a time); load ${load()}`);
}
