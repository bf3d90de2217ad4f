// The shapes `sct explore` works with: a recorded profile, the fault space drawn from it, and a
// schedule of faults (what fast-check generates and shrinks).

import type { Scenario, ScenarioVerdict } from '../scenarios/index.js';
import type { FdKind } from './fd-paths.js';

/** One syscall of the unfaulted run, as recorded (after the call, so with its result). */
export interface ProfiledCall {
  /** 0-based position in the run, all processes and threads together. */
  seq: number;
  pid: number;
  tid: number;
  syscall: string;
  args: bigint[];
  retval?: bigint;
  /** The path argument, when the syscall has one and it could be read. */
  path?: string;
  /** The fd argument, and the path it was opened from when that was seen in the run. */
  fd?: number;
  fdPath?: string;
  /** What the fd is and whether it is non-blocking, when the run showed it being made (fd-paths.ts). */
  fdKind?: FdKind;
  fdNonblock?: boolean;
  /** Part of the loader's or runtime's start-up (see startup.ts). */
  startup: boolean;
}

export type Runtime = 'native' | 'node';

export interface Profile {
  runtime: Runtime;
  calls: ProfiledCall[];
  /** seq of the first call after start-up (calls.length when start-up never ended). */
  startupEnd: number;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
}

/** How a site's calls are told apart from other calls of the same syscall. */
export type SiteKey =
  | { kind: 'any' }
  | { kind: 'path'; path: string }
  | { kind: 'fdPath'; path: string }
  | { kind: 'fd'; fd: number };

export type Fault =
  /** `after`: the call runs and its result is replaced (the kernel's effect stays, as close's does). */
  | { kind: 'errno'; errno: string; after?: true }
  /** A short read or write: the count argument `arg` cut to `count`. */
  | { kind: 'short'; arg: string; count: number }
  | { kind: 'delay'; us: number };

/** One recorded call that faults can be injected into: the nth call of `syscall` matching `key`. */
export interface Site {
  /** Stable text id: `write[fd.path=state.tmp]#1`. */
  id: string;
  syscall: string;
  key: SiteKey;
  /** 1-based occurrence among the run's calls of `syscall` matching `key` (tree-wide). */
  n: number;
  /** seq of the recorded call, for the timeline. */
  seq: number;
  faults: Fault[];
}

export interface ScheduledFault {
  site: Site;
  fault: Fault;
}

/** A set of faults, at most one per site. */
export type Schedule = ScheduledFault[];

export interface FaultSpace {
  sites: Site[];
  /** Number of (site, fault) pairs. */
  size: number;
  /** Recorded calls left out, by reason (`startup`, `runtime: futex`, `output fd`, ...). */
  excluded: Record<string, number>;
}

export interface Outcome {
  /** Index of the schedule in the seeded sequence (fast-check's run index). */
  index: number;
  schedule: Schedule;
  passed: boolean;
  reasons: string[];
  verdict: ScenarioVerdict;
}
