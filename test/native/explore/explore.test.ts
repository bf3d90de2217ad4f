// sct explore on every demo target: the buggy variant is found and shrunk, the fixed one survives
// the same budget, the reproducer stands on its own. Seeds are fixed (SCT_EXPLORE_SEED overrides)
// and printed, with fault space sizes, runs and times, in a table at the end.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { explore, faultText, shardIndices, type ExploreResult } from '../../../harness/src/explore/index.js';
import { loadScenarioFile, runScenario } from '../../../harness/src/scenarios/index.js';
import { exploreCommand } from '../../../harness/src/cli/commands/explore.js';
import { readAll, TARGETS } from './targets.js';
import { cc, needs } from '../../helpers/host/index.js';

const SEED = Number(process.env.SCT_EXPLORE_SEED ?? 20_260_127);
const out = mkdtempSync(join(tmpdir(), 'sct-explore-test-'));
const rows: string[] = [];
const row = (name: string, r: ExploreResult): void => {
  const cx = r.counterexample;
  rows.push(`| ${name} | ${r.space.size} (${r.space.sites.length} sites) | ${r.runs} | ${cx ? cx.foundAt : '-'} | ${cx ? cx.schedule.map((f) => `${f.site.id} ${faultText(f.fault)}`).join(' + ') : 'none'} | ${(r.durationMs / 1000).toFixed(1)} s |`);
};
afterAll(() => {
beforeEach(needs(cc));
  console.log(`seed ${SEED}\n| target | fault space | runs | found at | shrunk schedule | time |\n|---|---|---|---|---|---|\n${rows.join('\n')}`);
});

describe.each(TARGETS)('%s', (name, factory, exclusions) => {
  const opts = { seed: SEED, workers: 2, ...(exclusions ? { exclusions } : {}) };

  it('buggy: found within the default budget, shrunk to at most two faults; the reproducer fails on buggy and passes on fixed', async () => {
    const r = await explore(factory('buggy'), { ...opts, outDir: join(out, name) });
    row(`${name} (buggy)`, r);
    expect(r.counterexample, `no failure in ${r.runs} runs`).toBeDefined();
    expect(r.counterexample!.schedule.length).toBeLessThanOrEqual(2);
    // The space is the whole profile less the exclusions, not only the bug's call (token's
    // profile is two getrandom calls, its own and malloc's; the others have several syscalls).
    expect(r.space.sites.length).toBeGreaterThan(1);
    if (name !== 'token') expect(new Set(r.space.sites.map((s) => s.syscall)).size).toBeGreaterThan(1);
    expect(r.space.excluded['start-up (loader)']).toBeGreaterThan(0);
    const [repro] = await loadScenarioFile(r.files!.reproducer!);
    const onBuggy = await runScenario(repro!);
    expect(onBuggy.passed, 'the reproducer passed on the buggy variant').toBe(false);
    expect(onBuggy.injections.length).toBeGreaterThan(0);
    const fixed = factory('fixed');
    const onFixed = await runScenario({ ...repro!, target: fixed.target, ...(fixed.file ? { file: fixed.file } : {}) });
    expect(onFixed.reasons).toEqual([]);
  }, 180_000);

  it('fixed: nothing found within the same budget', async () => {
    const r = await explore(factory('fixed'), opts);
    row(`${name} (fixed)`, r);
    expect(r.counterexample?.reasons ?? []).toEqual([]);
    expect(r.runs).toBeGreaterThan(0);
  }, 180_000);
});

describe('sharding and workers', () => {
  it('--shard i/n partitions the seeded sequence: disjoint, and together the whole', () => {
    for (const n of [1, 2, 3, 7]) {
      const parts = Array.from({ length: n }, (_, i) => shardIndices(50, { index: i + 1, count: n }));
      expect(parts.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, k) => k));
    }
  });

  it('two shards of a real exploration run every schedule once between them', async () => {
    const rs = await Promise.all([1, 2].map((index) => explore(readAll('fixed'), { seed: SEED, runs: 12, shard: { index, count: 2 } })));
    expect(rs.map((r) => r.runs)).toEqual([6, 6]);
  }, 120_000);

  it('workers: K=2 gives the same runs and verdicts as K=1 (runs/s printed, not asserted; workers.test.ts has the rest)', async () => {
    const [one, two] = [await explore(readAll('fixed'), { seed: SEED, runs: 80, workers: 1 }), await explore(readAll('fixed'), { seed: SEED, runs: 80, workers: 2 })];
    console.log(`runs/s: K=1 ${one.runsPerSecond.toFixed(1)}, K=2 ${two.runsPerSecond.toFixed(1)} (${two.pool.processRuns} of ${two.runs} runs in a worker process), speed-up ${(two.runsPerSecond / one.runsPerSecond).toFixed(2)}x; npm run bench:explore measures it side by side`);
    expect([one.runs, one.failures, one.counterexample]).toEqual([80, 0, undefined]);
    expect([two.runs, two.failures, two.counterexample]).toEqual([80, 0, undefined]);
    expect(two.pool.processes).toBe(1);
    expect(two.pool.processRuns + two.pool.localRuns).toBe(80);
    expect(two.pool.notes).toEqual([]);
  }, 120_000);

  it('replays from seed and path alone to the same minimal schedule', async () => {
    const first = await explore(readAll('buggy'), { seed: SEED });
    const again = await explore(readAll('buggy'), { seed: SEED, path: first.counterexample!.path });
    expect(again.runs).toBe(0);
    expect(again.counterexample!.schedule.map((f) => [f.site.id, f.fault])).toEqual(first.counterexample!.schedule.map((f) => [f.site.id, f.fault]));
  }, 120_000);
});

describe('sct explore (command)', () => {
  it('exits 1 with the failing schedule, the replay line and the files', async () => {
    let text = '';
    const code = await exploreCommand(join(__dirname, 'targets.ts'), { scenario: 'explore-read-all-buggy', seed: String(SEED), out: join(out, 'cli'), exclude: [], include: [] }, (t) => (text += t));
    expect(code).toBe(1);
    expect(text).toMatch(/FAILED with read\[fd=0\]#\d+ EINTR/);
    expect(text).toContain(`--seed ${SEED} --path `);
    expect(text).toMatch(/reproducer: .*explore-read-all-buggy\.repro\.ts/);
  }, 120_000);
});
