// `sct crash`: record the scenario once, then check the directory as a power loss at each point
// could leave it, under each persistence model asked for (docs/crash.md).
//
// Every model's crash points are listed earliest cut first and, within a cut, fewest losses first.
// When a model has at most EXHAUSTIVE_LIMIT points they are all checked (equal states once), so
// the first violating point found is already the smallest. Above it, fast-check draws points from
// the seed, and shrinks a violating one towards the earliest cut and the fewest losses.

import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { runScenario, type RecoveryResult, type Scenario } from '../scenarios/index.js';
import { CrashBaselineError, CrashNoSpecError, CrashRecordError } from './errors.js';
import { FsTree } from './fs-model.js';
import { ModelSpace, type CrashPoint, type ModelName } from './models.js';
import { crashRecordRule, opsFromEvents, type Recording } from './record.js';
import { StateChecker } from './check.js';

export const DEFAULT_MAX_LOST = 2;
/** Above this many crash points a model is sampled (fast-check) instead of checked whole. */
export const EXHAUSTIVE_LIMIT = 20_000;
/** States a sampled model checks when no --budget is given. */
export const DEFAULT_SAMPLES = 1_000;
/** Points drawn for a sampled model under a --budget duration (checking stops when the time is spent). */
const SAMPLES_UNDER_DURATION = 100_000;

export interface CrashOptions {
  models?: readonly ModelName[];
  seed?: number;
  /** At most this many distinct states checked per model. */
  budgetRuns?: number;
  /** Stop checking after this long (each model gets what is left). */
  budgetMs?: number;
  maxLost?: number;
  /** States checked at the same time (each may run the recovery command). */
  workers?: number;
  baseDir?: string;
  onProgress?: (p: CrashProgress) => void;
}

export interface CrashProgress {
  model: ModelName;
  checked: number;
  planned: number;
}

export interface Violation {
  point: CrashPoint;
  reasons: string[];
  lost: string[];
  persisted: string[];
  stdout: string;
  tree: FsTree;
  recovery?: RecoveryResult;
}

export interface ModelResult {
  model: ModelName;
  /** Crash points of the model (before equal states are merged). */
  points: number;
  /** Points looked at, and the distinct states among them that were checked. */
  visited: number;
  checked: number;
  /** 'all': every point; 'sampled': drawn by fast-check; 'budget': stopped by --budget first. */
  coverage: 'all' | 'sampled' | 'budget';
  /** From the first check to the last. */
  ms: number;
  violation?: Violation;
}

export interface CrashResult {
  scenario: Scenario;
  recording: Recording;
  seed: number;
  maxLost: number;
  models: ModelResult[];
  recordMs: number;
  durationMs: number;
}

/** The work directory as the run started: the scenario's `target.files`. */
export function initialTree(s: Scenario): FsTree {
  const t = new FsTree();
  let ino = 1;
  for (const [path, text] of Object.entries(s.target.files ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const clean = path.replace(/^\.\//, '');
    const parts = clean.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!t.entries.has(dir)) {
        t.entries.set(dir, ino);
        t.inodes.set(ino++, { dir: true, data: new Uint8Array(0) });
      }
    }
    t.entries.set(clean, ino);
    t.inodes.set(ino++, { dir: false, data: new Uint8Array(Buffer.from(text)) });
  }
  return t;
}

/** Runs the scenario once under the recording rule; its own `expect` must pass. */
export async function recordCrashRun(scenario: Scenario, baseDir?: string): Promise<Recording> {
  const traced: Scenario = { ...scenario, rules: [...scenario.rules, crashRecordRule()] };
  const verdict = await runScenario(traced, { keepWorkDir: true, ...(baseDir !== undefined ? { baseDir } : {}) });
  const record = verdict.record;
  try {
    if (!record) throw new CrashBaselineError(`scenario '${scenario.name}': the recording run did not start: ${verdict.reasons.join('; ')}`);
    if (!verdict.passed) {
      throw new CrashBaselineError(`scenario '${scenario.name}' fails its own expectations without any crash, so its crash states mean nothing:\n  - ${verdict.reasons.join('\n  - ')}`);
    }
    try {
      return opsFromEvents({ events: record.events, workDir: record.workDir, initial: initialTree(scenario), stdout: record.stdout, ...(scenario.crash?.paths ? { paths: scenario.crash.paths } : {}) });
    } catch (error) {
      throw new CrashRecordError(`scenario '${scenario.name}': ${(error as Error).message}`, { cause: error });
    }
  } finally {
    if (record) rmSync(record.workDir, { recursive: true, force: true });
  }
}

interface Evaluated {
  reasons: string[];
  recovery?: RecoveryResult;
}

export async function crash(scenario: Scenario, opts: CrashOptions = {}): Promise<CrashResult> {
  if (!scenario.crash) throw new CrashNoSpecError(`scenario '${scenario.name}' declares no \`crash\` expectations (files, check, recover): nothing to check its crash states against`);
  const started = performance.now();
  const recording = await recordCrashRun(scenario, opts.baseDir);
  const recordMs = performance.now() - started;
  const seed = opts.seed ?? Date.now() % 2 ** 31;
  const maxLost = opts.maxLost ?? DEFAULT_MAX_LOST;
  const space = new ModelSpace(recording, maxLost);
  const checker = new StateChecker(scenario, recording.initial, opts.baseDir);
  const deadline = opts.budgetMs !== undefined ? performance.now() + opts.budgetMs : Infinity;
  const workers = Math.max(1, opts.workers ?? 1);
  const models: ModelResult[] = [];

  for (const model of opts.models ?? ['reorder']) {
    const t0 = performance.now();
    const points = space.count(model);
    // Equal states (same files, same acknowledged output) are checked once.
    const seen = new Map<string, Promise<Evaluated>>();
    let visited = 0, checked = 0;
    const evaluate = (p: CrashPoint): Promise<Evaluated> => {
      visited++;
      const { tree, stdout } = space.build(p);
      const key = `${tree.hash()}\0${stdout}`;
      let got = seen.get(key);
      if (!got) {
        checked++;
        const words = space.explain(p);
        got = checker.check(tree, { model, cut: p.cut, stdout, lost: [...words.lost] });
        seen.set(key, got);
        opts.onProgress?.({ model, checked, planned: Math.min(points, opts.budgetRuns ?? Infinity) });
      }
      return got;
    };
    const violationOf = async (p: CrashPoint, e: Evaluated): Promise<Violation> => {
      const { tree, stdout } = space.build(p);
      const words = space.explain(p);
      return { point: p, reasons: e.reasons, lost: words.lost, persisted: words.persisted, stdout, tree, ...(e.recovery ? { recovery: e.recovery } : {}) };
    };
    const outOfBudget = (): boolean => performance.now() > deadline || checked >= (opts.budgetRuns ?? Infinity);
    /** Checks `items` in order, `workers` at a time; the first violating one in that order (or none), and whether the budget stopped it. */
    const firstViolation = async <T>(items: Iterable<T>, pointOf: (x: T) => CrashPoint): Promise<{ found?: { item: T; point: CrashPoint; e: Evaluated }; stopped: boolean }> => {
      let found: { index: number; item: T; point: CrashPoint; e: Evaluated } | undefined;
      let stopped = false;
      const inflight: { index: number; item: T; point: CrashPoint; e: Promise<Evaluated> }[] = [];
      let index = 0;
      const settle = async (): Promise<void> => {
        const head = inflight.shift()!;
        const e = await head.e;
        if (e.reasons.length && (!found || head.index < found.index)) found = { index: head.index, item: head.item, point: head.point, e };
      };
      for (const item of items) {
        if (found) break;
        if (outOfBudget()) {
          stopped = true;
          break;
        }
        const point = pointOf(item);
        inflight.push({ index: index++, item, point, e: evaluate(point) });
        if (inflight.length >= workers) await settle();
      }
      while (inflight.length) await settle();
      return { ...(found ? { found } : {}), stopped };
    };
    let result: ModelResult;
    if (points <= Math.min(EXHAUSTIVE_LIMIT, opts.budgetRuns ?? Infinity) || model !== 'reorder') {
      // Every point in order: the first violating one is the smallest.
      const { found, stopped } = await firstViolation(space.points(model), (p) => p);
      result = { model, points, visited, checked, coverage: stopped && !found ? 'budget' : 'all', ms: performance.now() - t0 };
      if (found) result.violation = await violationOf(found.point, found.e);
    } else {
      // Points drawn from the seed (checked `workers` at a time, in the order drawn); a violating
      // one is then shrunk by fast-check, starting from it (equal states are not checked again).
      const arb = fc.record({
        cut: fc.integer({ min: 0, max: space.cuts - 1 }),
        meta: fc.integer({ min: 0, max: maxLost }),
        picks: fc.array(fc.record({ i: fc.nat(), v: fc.nat() }), { maxLength: maxLost }),
      });
      type Draw = { cut: number; meta: number; picks: { i: number; v: number }[] };
      const pointOf = (x: Draw): CrashPoint => space.reorderPoint(x.cut, x.meta, x.picks);
      const draws = fc.sample(arb, { seed, numRuns: opts.budgetRuns ?? (opts.budgetMs !== undefined ? SAMPLES_UNDER_DURATION : DEFAULT_SAMPLES) });
      const { found } = await firstViolation(draws, pointOf);
      result = { model, points, visited, checked, coverage: 'sampled', ms: performance.now() - t0 };
      if (found) {
        const out = await fc.check(fc.asyncProperty(arb, async (x) => (await evaluate(pointOf(x))).reasons.length === 0), { seed, numRuns: 1, examples: [[found.item]] });
        const x = out.counterexample?.[0] ?? found.item;
        result.violation = await violationOf(pointOf(x), await evaluate(pointOf(x)));
        result.ms = performance.now() - t0;
      }
    }
    models.push(result);
  }
  return { scenario, recording, seed, maxLost, models, recordMs, durationMs: performance.now() - started };
}
