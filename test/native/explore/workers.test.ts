// explore()'s worker processes: a worker judges a schedule as this process does, is pinned to its
// CPU, refuses a scenario it cannot load as the one explored; K workers find, shrink and count the
// same as K = 1 for a seed and a shard (runs/s printed, never asserted: the machine is shared).
import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explore, evaluateSchedule, faultSpace, mergeExclusions, recordProfile, scheduleArbitrary, type ExploreResult } from '../../../harness/src/explore/index.js';
import { allowedCpus, cpuFor, parseCpuList, pinnedLauncher } from '../../../harness/src/explore/affinity.js';
import { WorkerProcess } from '../../../harness/src/explore/worker-process.js';
import { giveBack, takeWorker } from '../../../harness/src/explore/worker-cache.js';
import { fingerprint } from '../../../harness/src/explore/worker-protocol.js';
import { readAll, saveData } from './targets.js';
import { waitMs } from '../../helpers/scale.js';
import { cc, needs } from '../../helpers/host/index.js';

beforeEach(needs(cc));

// a run's hang limit, the same on both sides (TCG guests are 10-20x slower: test/helpers/scale.ts)
const RUN_MS = waitMs(5_000);
const SEED = Number(process.env.SCT_EXPLORE_SEED ?? 20_260_127);
const initOf = (s: ReturnType<typeof readAll>) => ({ file: s.file!, name: s.name, fingerprint: fingerprint(s) });
const outcome = (r: ExploreResult) => ({
  foundAt: r.counterexample?.foundAt,
  path: r.counterexample?.path,
  schedule: r.counterexample?.schedule.map((f) => [f.site.id, f.fault]),
  reasons: r.counterexample?.reasons,
});
const speed = (r: ExploreResult): string => `K=${r.workers} ${r.runsPerSecond.toFixed(1)} runs/s (${r.pool.processRuns} of ${r.runs} in worker processes, CPUs ${r.pool.cpus.join(',') || '-'})`;

describe('a worker process', () => {
  it('judges schedules as this process does, pinned to its CPU', async () => {
    const scenario = readAll('buggy');
    const exclusions = mergeExclusions();
    const space = faultSpace(await recordProfile(scenario, { exclusions }), exclusions);
    const schedules = fc.sample(scheduleArbitrary(space, { maxFaults: 3 }), { seed: SEED, numRuns: 30 });
    const cpu = cpuFor(1, parseCpuList(allowedCpus()));
    const w = new WorkerProcess(cpu);
    try {
      expect(await w.open(initOf(scenario)), w.problem).toBe(true);
      if (pinnedLauncher(cpu)) expect(w.cpus).toBe(String(cpu));
      const there = await Promise.all(schedules.map((s) => w.run(s, RUN_MS)));
      const here = [];
      for (const s of schedules) here.push(await evaluateSchedule({ ...scenario, expect: { ...scenario.expect, maxRunMs: RUN_MS } }, s));
      expect(there).toEqual(here.map((e) => ({ passed: e.passed, reasons: e.reasons })));
      expect(there.some((j) => !j.passed)).toBe(true);
    } finally {
      w.close();
    }
  }, waitMs(60_000));

  it('refuses a scenario its file does not export, or one that differs from the explored one, and loads the next one', async () => {
    const s = readAll('fixed');
    const w = new WorkerProcess(undefined);
    try {
      expect(await w.open({ ...initOf(s), name: 'no-such-scenario' })).toBe(false);
      expect(w.problem).toMatch(/exports no scenario named 'no-such-scenario'/);
      await expect(w.run([], undefined)).rejects.toMatchObject({ code: 'SCT_EXPLORE_WORKER' });
      expect(await w.open({ ...initOf(s), fingerprint: fingerprint({ ...s, target: { ...s.target, stdin: 'other' } }) })).toBe(false);
      expect(w.problem).toMatch(/differs from the one explored/);
      expect(await w.open(initOf(s)), w.problem).toBe(true);
      expect(await w.run([], undefined)).toEqual({ passed: true, reasons: [] });
    } finally {
      w.close();
    }
  }, waitMs(60_000));

  it('serves the next exploration in this process once handed back', () => {
    const w = takeWorker(undefined);
    giveBack(w);
    expect(takeWorker(undefined)).toBe(w);
    w.close();
  });
});

describe('K workers against one', () => {
  it('the same failure, path and minimal schedule for a seed and a shard, whatever K', async () => {
    for (const shard of [{ index: 1, count: 1 }, { index: 2, count: 2 }]) {
      const rs = [];
      for (const workers of [1, 2, 3]) rs.push(await explore(readAll('buggy'), { seed: SEED, shard, workers }));
      console.log(`read-all (buggy), shard ${shard.index}/${shard.count}: ${rs.map(speed).join('; ')}`);
      expect(rs[0]!.counterexample, 'K=1 found nothing').toBeDefined();
      for (const r of rs.slice(1)) expect(outcome(r)).toEqual(outcome(rs[0]!));
    }
  }, waitMs(180_000));

  it('runs in this process, saying why, when a worker cannot have what a run needs', async () => {
    const noFile = await explore({ ...saveData('fixed'), file: undefined }, { seed: SEED, runs: 6, workers: 2, baseDir: __dirname });
    expect(noFile.pool).toMatchObject({ processes: 0, processRuns: 0, localRuns: 6 });
    expect(noFile.pool.notes.join('\n')).toMatch(/no file for a worker process/);
    const withCheck = await explore(readAll('fixed'), { seed: SEED, runs: 6, workers: 2, check: () => undefined });
    expect(withCheck.pool).toMatchObject({ processes: 0, localRuns: 6 });
    expect(withCheck.pool.notes.join('\n')).toMatch(/`check` predicate/);
  }, waitMs(120_000));
});
