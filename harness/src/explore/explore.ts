// explore(): record the target's profile, draw fault schedules from it with fast-check under a
// seed, run them (K at a time, this shard's share), and on the first failure let fast-check shrink
// it, then drop faults one at a time while it still fails. Writes the reproducer and the reports.
//
// Design (docs/explore.md): fast-check's runs are sequential, so the search pre-generates the
// seeded sequence with fc.sample (the same values fc.check draws for that seed: run k is path `k`),
// evaluates it K at a time (this process and K-1 worker processes, started before the recording so
// that they are up by the search), and on a failure at index k hands `path: k` to fc.check, which
// replays run k and shrinks it sequentially in this process. The printed seed and path replay the
// shrunk schedule exactly, whatever K was.

import fc from 'fast-check';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../errors.js';
import type { Scenario } from '../scenarios/index.js';
import { scheduleArbitrary } from './arbitrary.js';
import { EmptyFaultSpaceError } from './errors.js';
import { evaluateSchedule, type Evaluation, type ExploreCheck } from './evaluate.js';
import { mergeExclusions, type ExclusionsOverride } from './exclusions.js';
import { recordProfile } from './record.js';
import { shardIndices, type Shard } from './shard.js';
import { faultSpace } from './space.js';
import type { FaultSpace, Profile, Schedule } from './types.js';
import { writeOutputs, type ExploreFiles } from './outputs.js';
import { runPool } from './pool.js';
import { startWorkers } from './workers.js';

export const DEFAULT_RUNS = 60;
export const DEFAULT_BUDGET_MS = 60_000;
export const DEFAULT_MAX_FAULTS = 3;
/** Runs at a time: 2 (this process and one worker process) where there are 2 CPUs, the setting measured (docs/explore.md, "Workers"). */
export const DEFAULT_WORKERS = Math.min(2, availableParallelism());

export interface ExploreProgress {
  phase: 'record' | 'search' | 'shrink' | 'minimize' | 'done';
  runsDone: number;
  runsPlanned: number;
  failures: number;
  shrinkSteps: number;
}

export interface ExploreOptions {
  /** Schedules to draw from the seeded sequence (before sharding). */
  runs?: number;
  /** Stop starting new runs after this long (ms); shrinking is not counted. */
  budgetMs?: number;
  /** fast-check's seed (default: from the clock; always reported). */
  seed?: number;
  /** fast-check's replay path (`7:4:4`): skip the search, replay and shrink from there. */
  path?: string;
  /** Runs at a time: this process and workers-1 worker processes (default DEFAULT_WORKERS). */
  workers?: number;
  shard?: Shard;
  maxFaults?: number;
  exclusions?: ExclusionsOverride;
  /** A TS predicate besides the scenario's expectations. */
  check?: ExploreCheck;
  /** Write the reproducer, report.md and report.html here. */
  outDir?: string;
  /** Where the scenario's relative targets resolve when it has no file. */
  baseDir?: string;
  /** A run longer than this counts as a hang when the scenario sets no maxRunMs (default: 20× the recording, at least 5 s). */
  hangMs?: number;
  onProgress?: (p: ExploreProgress) => void;
}

export interface Counterexample {
  schedule: Schedule;
  /** fast-check's path to the shrunk schedule (before the drop-one pass), for `--path`. */
  path: string;
  /** Index of the first failing schedule in the seeded sequence. */
  foundAt: number;
  reasons: string[];
  evaluation: Evaluation;
  shrinkSteps: number;
}

export interface ExploreResult {
  scenario: Scenario;
  seed: number;
  profile: Profile;
  space: FaultSpace;
  /** Schedules run during the search (not counting shrinking). */
  runs: number;
  /** Of those, how many failed. */
  failures: number;
  searchMs: number;
  durationMs: number;
  runsPerSecond: number;
  workers: number;
  /** Where the search's runs happened: worker processes started, runs done there and here, notes on runs that could not go to a worker. */
  pool: { processes: number; processRuns: number; localRuns: number; cpus: string[]; notes: string[] };
  shard: Shard;
  counterexample?: Counterexample;
  files?: ExploreFiles;
}

function positive(name: string, v: number | undefined, dflt: number): number {
  const x = v ?? dflt;
  if (!Number.isSafeInteger(x) || x < 1) throw new UsageError(`Expected \`${name}\` to be a positive integer, got \`${String(v)}\` (${typeof v})`);
  return x;
}

/** The scenario with a hang limit, so that a run that never ends fails instead of waiting forever. */
function withHangLimit(s: Scenario, profile: Profile, hangMs?: number): Scenario {
  if (s.expect.maxRunMs !== undefined || s.target.timeoutMs !== undefined) return s;
  const limit = hangMs ?? Math.max(5_000, Math.ceil(profile.durationMs * 20));
  return { ...s, expect: { ...s.expect, maxRunMs: limit } };
}

export async function explore(input: Scenario, opts: ExploreOptions = {}): Promise<ExploreResult> {
  const started = performance.now();
  const runs = positive('runs', opts.runs, DEFAULT_RUNS);
  const workers = positive('workers', opts.workers, DEFAULT_WORKERS);
  const budgetMs = positive('budgetMs', opts.budgetMs, DEFAULT_BUDGET_MS);
  const seed = opts.seed ?? (Date.now() ^ (process.pid << 8)) >>> 0;
  const shard = opts.shard ?? { index: 1, count: 1 };
  const exclusions = mergeExclusions(opts.exclusions);
  const progress: ExploreProgress = { phase: 'record', runsDone: 0, runsPlanned: 0, failures: 0, shrinkSteps: 0 };
  const report = (patch: Partial<ExploreProgress>): void => {
    Object.assign(progress, patch);
    opts.onProgress?.({ ...progress });
  };
  report({});

  let scenario: Scenario = input;
  const evalOpts = { ...(opts.check ? { check: opts.check } : {}), ...(opts.baseDir !== undefined ? { baseDir: opts.baseDir } : {}) };
  const evaluate = (s: Schedule): Promise<Evaluation> => evaluateSchedule(scenario, s, evalOpts);
  const pool = startWorkers({
    workers: opts.path === undefined ? workers : 1,
    scenario: input,
    ...(opts.baseDir !== undefined ? { baseDir: opts.baseDir } : {}),
    ...(opts.check ? { localOnly: 'a `check` predicate runs only in the process that was given it' } : {}),
    local: async (s) => {
      const ev = await evaluate(s);
      return { passed: ev.passed, reasons: ev.reasons };
    },
    maxRunMs: () => scenario.expect.maxRunMs,
  });
  let profile: Profile;
  let space: FaultSpace;
  let arb: fc.Arbitrary<Schedule>;
  try {
    profile = await recordProfile(input, { exclusions, ...(opts.baseDir !== undefined ? { baseDir: opts.baseDir } : {}) });
    scenario = withHangLimit(input, profile, opts.hangMs);
    space = faultSpace(profile, exclusions);
    if (space.size === 0) {
      throw new EmptyFaultSpaceError(`scenario '${input.name}': no recorded call is left to fault (${Object.entries(space.excluded).map(([k, v]) => `${v} ${k}`).join(', ')})`);
    }
    arb = scheduleArbitrary(space, { maxFaults: opts.maxFaults ?? DEFAULT_MAX_FAULTS });
  } catch (error) {
    pool.close();
    throw error;
  }

  // Search: the seeded sequence, this shard's indices, K at a time, lowest failing index wins.
  let searched = 0;
  let failures = 0;
  let firstFailure: number | undefined;
  const searchStart = performance.now();
  if (opts.path === undefined) {
    const indices = shardIndices(runs, shard);
    const values = fc.sample(arb, { seed, numRuns: runs });
    report({ phase: 'search', runsPlanned: indices.length });
    try {
      await runPool({
        items: indices,
        slots: pool.slots.map((slot) => ({ ...slot, run: (k: number) => slot.run(values[k]!) })),
        shouldStop: () => performance.now() - searchStart > budgetMs,
        onResult: (k, ev) => {
          searched++;
          if (!ev.passed) {
            failures++;
            firstFailure = Math.min(firstFailure ?? k, k);
          }
          report({ runsDone: searched, failures });
          return !ev.passed;
        },
      });
    } finally {
      pool.close();
    }
  }
  const searchMs = performance.now() - searchStart;
  const startPath = opts.path ?? (firstFailure !== undefined ? String(firstFailure) : undefined);

  let counterexample: Counterexample | undefined;
  if (startPath !== undefined) counterexample = await shrink(startPath);
  report({ phase: 'done' });
  const result: ExploreResult = {
    scenario,
    seed,
    profile,
    space,
    runs: searched,
    failures,
    searchMs,
    durationMs: performance.now() - started,
    runsPerSecond: searched / Math.max(searchMs / 1000, 1e-3),
    workers,
    pool: { processes: pool.processes, processRuns: pool.counts.processes, localRuns: pool.counts.local, cpus: pool.cpus(), notes: pool.notes },
    shard,
    ...(counterexample ? { counterexample } : {}),
  };
  if (opts.outDir !== undefined && counterexample) result.files = await writeOutputs(result, opts.outDir, exclusions);
  result.durationMs = performance.now() - started;
  return result;

  async function shrink(path: string): Promise<Counterexample | undefined> {
    report({ phase: 'shrink' });
    let last: { schedule: Schedule; evaluation: Evaluation } | undefined;
    let steps = 0;
    const details = await fc.check(
      fc.asyncProperty(arb, async (schedule) => {
        const evaluation = await evaluate(schedule);
        if (!evaluation.passed) {
          last = { schedule, evaluation };
          report({ shrinkSteps: ++steps });
        }
        return evaluation.passed;
      }),
      { seed, path, numRuns: 1, endOnFailure: false },
    );
    if (!details.failed || !last || details.counterexamplePath === null) return undefined;
    // fast-check's array shrinker may keep a fault that does not matter: drop faults one at a
    // time while the run still fails (deterministic, so `seed` and `path` replay to the same end).
    report({ phase: 'minimize' });
    let best = last;
    for (let i = best.schedule.length - 1; i >= 0 && best.schedule.length > 1; i--) {
      const fewer = best.schedule.filter((_, j) => j !== i);
      const ev = await evaluate(fewer);
      if (!ev.passed) best = { schedule: fewer, evaluation: ev };
    }
    return {
      schedule: best.schedule,
      path: details.counterexamplePath,
      foundAt: Number(path.split(':')[0]),
      reasons: best.evaluation.reasons,
      evaluation: best.evaluation,
      shrinkSteps: steps,
    };
  }
}
