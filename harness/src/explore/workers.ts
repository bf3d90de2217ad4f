// The K slots of the search: this process, and K-1 worker processes, worker i pinned to the
// allowed CPUs in turn starting with the second (this process's runs take the first). A worker
// slot runs its schedules in this process while its worker is starting, and for good once the
// worker failed. Which slot ran a schedule never changes its outcome, so the search result does
// not depend on K (explore.ts). docs/explore.md, "Workers", has the measurements behind this.

import { allowedCpus, cpuFor, parseCpuList } from './affinity.js';
import type { Slot } from './pool.js';
import type { Scenario } from '../scenarios/index.js';
import type { Schedule } from './types.js';
import { giveBack, takeWorker } from './worker-cache.js';
import type { WorkerProcess } from './worker-process.js';
import { fingerprint, type Judgement } from './worker-protocol.js';

export interface Workers {
  slots: Slot<Schedule, Judgement>[];
  /** Worker processes started. */
  processes: number;
  /** Runs done by worker processes, and in this process. */
  counts: { processes: number; local: number };
  /** Why runs went to this process instead of a worker (no file, a `check` predicate, a worker failure). */
  notes: string[];
  /** Each worker's CPUs (`1`: pinned to CPU 1; `?`: it never came up). */
  cpus(): string[];
  close(): void;
}

export interface WorkersOptions {
  workers: number;
  /** The scenario as the user gave it: what a worker loads by file and name. */
  scenario: Scenario;
  baseDir?: string;
  /** Set when the search needs something a worker cannot have (a TS predicate given to explore()). */
  localOnly?: string;
  /** Runs the schedule in this process. */
  local: (s: Schedule) => Promise<Judgement>;
  /** The hang limit, known after the recording. */
  maxRunMs: () => number | undefined;
}

export function startWorkers(o: WorkersOptions): Workers {
  const notes: string[] = [];
  const counts = { processes: 0, local: 0 };
  const why = o.workers < 2 ? undefined : o.localOnly ?? (o.scenario.file === undefined ? 'the scenario has no file for a worker process to load it from' : undefined);
  if (why) notes.push(`${o.workers} runs at a time in this process: ${why}`);
  const cpus = parseCpuList(allowedCpus());
  const init = { file: o.scenario.file ?? '', name: o.scenario.name, fingerprint: fingerprint(o.scenario), ...(o.baseDir !== undefined ? { baseDir: o.baseDir } : {}) };
  const procs = why ? [] : Array.from({ length: o.workers - 1 }, (_, i) => takeWorker(cpuFor(i + 1, cpus)));
  for (const w of procs) void w.open(init);

  const local = async (s: Schedule): Promise<Judgement> => {
    counts.local++;
    return o.local(s);
  };
  const here: Slot<Schedule, Judgement> = { run: local, depth: () => 1, changed: () => undefined };
  const noted = new Set<WorkerProcess>();
  const worker = (w: WorkerProcess): Slot<Schedule, Judgement> => {
    let starting = true;
    void w.ready.then(() => (starting = false));
    return {
      async run(s) {
        if (w.isReady) {
          try {
            const j = await w.run(s, o.maxRunMs());
            counts.processes++;
            return j;
          } catch {
            // the worker failed or died: this schedule runs here, as the slot's next ones will
          }
        }
        if (w.problem !== undefined && !noted.has(w)) {
          noted.add(w);
          notes.push(`a worker process is not used, its runs go to this process: ${w.problem}`);
        }
        return local(s);
      },
      // A ready worker takes its next schedule while it runs one: it never waits for this
      // process, whose main thread is busy with its own run half of the time.
      depth: () => (w.isReady ? 2 : 1),
      changed: () => (starting ? w.ready : undefined),
    };
  };
  return {
    slots: why ? Array.from({ length: o.workers }, () => here) : [here, ...procs.map(worker)],
    processes: procs.length,
    counts,
    notes,
    cpus: () => procs.map((p) => p.cpus || '?'),
    close: () => procs.forEach(giveBack),
  };
}
