// Messages between explore() and its worker processes (worker-main.ts), over Node's IPC channel
// with the 'advanced' (structured clone) serialization. A worker loads the scenario itself, by
// file and name (functions such as `expect.check` cannot cross a process boundary), and checks
// that it loaded the same one: a fingerprint of its data.

import type { Scenario } from '../scenarios/index.js';
import type { Schedule } from './types.js';

export interface WorkerInit {
  type: 'init';
  /** Numbers the loads of one worker: an answer to an earlier one is stale. */
  session: number;
  /** The file that declared the scenario, and its name there. */
  file: string;
  name: string;
  fingerprint: string;
  baseDir?: string;
}

export interface WorkerRun {
  type: 'run';
  id: number;
  schedule: Schedule;
  /** The hang limit explore() adds when the scenario has none (withHangLimit). */
  maxRunMs?: number;
}

export type ToWorker = WorkerInit | WorkerRun;

export type FromWorker =
  /** `cpus`: the CPUs the worker may run on (its Cpus_allowed_list, e.g. `1` when pinned). */
  | { type: 'ready'; session: number; cpus: string }
  | { type: 'init-failed'; session: number; message: string }
  | { type: 'result'; id: number; passed: boolean; reasons: string[] }
  | { type: 'run-failed'; id: number; message: string };

/** What the search needs from one run; the whole verdict stays in the worker. */
export interface Judgement {
  passed: boolean;
  reasons: string[];
}

/** The scenario's data (target, rules, expectations; functions and RegExps by their text), as one string. */
export function fingerprint(s: Scenario): string {
  return JSON.stringify({ name: s.name, target: s.target, rules: s.rules, expect: s.expect }, (_key, v: unknown) => {
    if (typeof v === 'function') return 'function';
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof RegExp) return String(v);
    return v;
  });
}

/** The scenario with explore()'s hang limit applied (the same patch as in the parent). */
export function withMaxRunMs(s: Scenario, maxRunMs: number | undefined): Scenario {
  return maxRunMs === undefined || s.expect.maxRunMs === maxRunMs ? s : { ...s, expect: { ...s.expect, maxRunMs } };
}
