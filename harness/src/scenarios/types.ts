// What a scenario file declares and what running it gives back.

import type { DecodedEvent } from '../engine/decode/index.js';
import type { RuleCount } from '../engine/run.js';
import type { RuleBuilder } from '../rules/builder/index.js';
import type { Rule } from '../rules/model.js';

/** A string the text must contain, or a RegExp it must match. */
export type TextMatcher = string | RegExp;

interface TargetCommon {
  args?: readonly string[];
  /** Added to this process's environment. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: a fresh work directory per run (record.workDir). Relative: to the work directory. */
  cwd?: string;
  /** Text for the target's stdin. */
  stdin?: string;
  /** Kill the target tree after this many ms (the run then fails as "timed out"). */
  timeoutMs?: number;
  /** Files written into the work directory before the run: relative path -> contents. */
  files?: Readonly<Record<string, string>>;
}

/**
 * The program to run. `command` starting with `./` or `../` is relative to the scenario file;
 * `c` is a C source (relative to the scenario file) compiled on demand with `cc -O1`;
 * `node` is a script run with this Node.
 */
export type ScenarioTarget = TargetCommon &
  (
    | { command: string; c?: never; node?: never }
    | { c: string; defines?: readonly string[]; command?: never; node?: never }
    | { node: string; command?: never; c?: never }
  );

/** An exit code, one of several, or 'any-non-crash': exited normally (no signal), any code. */
export type ExitExpectation = number | readonly number[] | 'any-non-crash';

export type OutputExpectation = TextMatcher | readonly TextMatcher[] | { includes?: TextMatcher | readonly TextMatcher[]; excludes?: TextMatcher | readonly TextMatcher[] };

/** 'unchanged': same checksum after the run as before it. */
export type FileExpectation = 'unchanged' | { unchanged?: boolean; contains?: TextMatcher | readonly TextMatcher[]; lacks?: TextMatcher | readonly TextMatcher[]; exists?: boolean };

/** Exactly n, or a range. */
export type Times = number | { min?: number; max?: number };

/** `true`, `undefined` or nothing: passed; `false` or a string (the reason): failed. */
export type CheckResult = void | boolean | string | undefined;

export interface Expectations {
  exit?: ExitExpectation;
  /** 'none' (ended by exit) or the name of the signal that must end it ('SIGSEGV'). */
  signal?: 'none' | string;
  stdout?: OutputExpectation;
  stderr?: OutputExpectation;
  /** Paths relative to the work directory (or absolute). */
  files?: Readonly<Record<string, FileExpectation>>;
  /** Longer than this: the tree is killed and the scenario fails as "hung". */
  maxRunMs?: number;
  /** Rule name (or `#n`, 1-based) -> how many times its action must have been applied. */
  injected?: Readonly<Record<string, Times>>;
  /** A custom check: return `false` or a message (or throw) to fail; `true` or nothing to pass. */
  check?: (record: ScenarioRecord) => CheckResult | Promise<CheckResult>;
}

/** What a recovery command did on a crash state (CrashSpec.recover). */
export interface RecoveryResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** One directory as a power loss could leave it, handed to `crash.check` (see docs/crash.md). */
export interface CrashState {
  /** A copy of the work directory in that state (after the recovery command, when there is one). */
  dir: string;
  /** The persistence model that made it: 'process', 'lose-unsynced' or 'reorder'. */
  model: string;
  /** How many recorded operations had been made before the power loss. */
  cut: number;
  /** What the target had printed on stdout before the cut (what it had acknowledged). */
  stdout: string;
  /** The recorded operations, before the cut, that did not reach the disk in this state, in words. */
  lost: readonly string[];
  /** The recovery command's result, when the scenario declares one. */
  recovery?: RecoveryResult;
  /** A file of the state as text (relative to `dir`), or undefined when it does not exist. */
  read(path: string): string | undefined;
}

/**
 * `sct crash`: what the directory must look like after a power loss at any point of the run.
 * The unfaulted run is recorded once (its own `expect` must pass); each crash state is then
 * rebuilt from the record and checked with these (docs/crash.md).
 */
export interface CrashSpec {
  /** Paths (relative to the work directory) whose changes are modelled. Default: the whole work directory. */
  paths?: readonly string[];
  /** Run in each state's directory before the checks (e.g. the program again, or an integrity check). */
  recover?: { command: string; args?: readonly string[]; env?: Readonly<Record<string, string>>; timeoutMs?: number };
  /** Expectations on the state's files (relative to the state's directory); 'unchanged': as before the run. */
  files?: Readonly<Record<string, FileExpectation>>;
  /** A custom check of the state: return `false` or a message (or throw) to fail. */
  check?: (state: CrashState) => CheckResult | Promise<CheckResult>;
}

export interface ScenarioInput {
  name: string;
  description?: string;
  target: ScenarioTarget;
  rules: readonly (Rule | RuleBuilder)[];
  expect: Expectations;
  /** For `sct crash` (ignored by `sct run` and `sct explore`). */
  crash?: CrashSpec;
}

export interface Scenario {
  readonly kind: 'sct-scenario';
  readonly name: string;
  readonly description: string;
  readonly target: ScenarioTarget;
  /** Built and checked rules. */
  readonly rules: readonly Rule[];
  readonly expect: Expectations;
  readonly crash?: CrashSpec;
  /** The file that declared it (from the loader, or the caller of defineScenario). */
  file?: string;
}

/** One rule's injections on one syscall. */
export interface Injection {
  /** The rule's name, or `#n`. */
  rule: string;
  syscall: string;
  times: number;
}

export interface ScenarioRecord {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  events: DecodedEvent[];
  counts: RuleCount[];
  injections: Injection[];
  /** LOG rules' lines, formatted as the run went (so %comm and %exe name the live process). */
  log: string[];
  durationMs: number;
  /** The run's work directory; it exists while checks run and is removed afterwards. */
  workDir: string;
  /** The program that ran (absolute path) and its arguments. */
  command: string;
  args: string[];
}

export interface ScenarioVerdict {
  name: string;
  file?: string;
  passed: boolean;
  /** Why it failed: each names the expectation and what happened. */
  reasons: string[];
  injections: Injection[];
  durationMs: number;
  /** Undefined when the target could not be prepared or launched (see reasons). */
  record?: ScenarioRecord;
}

export interface RunScenarioOptions {
  /** Where `./` targets and C sources are resolved when the scenario has no file. */
  baseDir?: string;
  /** Keep the work directory (for debugging); its path is in the record. */
  keepWorkDir?: boolean;
  /** Called with every event as it arrives. */
  onEvent?: (event: DecodedEvent) => void;
}
