// The one rule model shared by every front end (config language, strace specs, the TS builder)
// and every engine (seccomp, kernel module). Plain data: serialisable to JSON except for a
// rule's optional JS callback, which only the seccomp engine can run.

import type { SyscallSelector } from '../tables/types.js';

/** Where a rule came from, for error messages. Line and column are 1-based. */
export interface SourceLocation {
  source: string;
  line: number;
  column: number;
  offset: number;
  /** Length in characters of the located text (>= 1). */
  length: number;
}

/** Which syscalls a rule applies to: defined with the tables, which resolve it (tables/types.ts). */
export type { SyscallSelector };

export type Phase = 'before' | 'after';

/** Process variables a filter may read. */
export const PROCESS_VARIABLES = ['PID', 'PPID', 'TID', 'UID', 'EUID', 'GID', 'COMM', 'EXE', 'CWD'] as const;
export type ProcessVariable = (typeof PROCESS_VARIABLES)[number];

export type Literal =
  | { type: 'string'; value: string }
  /** Integers are bigint so that 64-bit register values survive. */
  | { type: 'number'; value: bigint }
  /** A symbolic constant: an errno (EACCES), a flag (O_CREAT), a signal (SIGKILL), an address family. */
  | { type: 'symbol'; name: string };

/**
 * A parameter reference. `index` is 1-based as in the original syscalltrack (`PARAMS[1]`);
 * `name` is the parameter's name in the syscall table (`path`, `flags`). Exactly one of them is set.
 * `field` walks into a struct (`addr.port`, `addr.family`, `addr.ip`), `fdPath` asks for the path an
 * fd argument refers to (`fd.path`).
 */
export interface ParamRef {
  type: 'param';
  index?: number;
  name?: string;
  field?: string[];
  fdPath?: boolean;
}

export interface VarRef {
  type: 'var';
  name: ProcessVariable;
}

export type Operand = ParamRef | VarRef | Literal;

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '~=';

export type Expr =
  | { type: 'and'; left: Expr; right: Expr }
  | { type: 'or'; left: Expr; right: Expr }
  | { type: 'not'; expr: Expr }
  | { type: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { type: 'in'; left: Operand; values: Literal[] }
  /** `flags & O_CREAT`: true when any bit of the mask is set. */
  | { type: 'flagtest'; left: Operand; mask: Literal[] };

/** Where ALTER writes. */
export type AlterTarget =
  /** A register argument, or the contents of a string/buffer argument, or a struct field. */
  | { kind: 'param'; param: ParamRef }
  /** The return value (only in `after` rules). */
  | { kind: 'retval' };

/** What a LOG rule's events carry beyond the default (sct crash records whole writes with it). */
export interface LogCapture {
  /** Bytes of a buffer argument (default 4096). */
  bufMax?: number;
  /** /proc fdinfo of the first fd argument after the call (`mem[7]`): its position and flags. */
  fdInfo?: boolean;
}

export type Action =
  | { type: 'LOG'; format?: string; fdPaths?: boolean; capture?: LogCapture }
  | { type: 'FAIL'; errno: string }
  | { type: 'RETURN'; value: bigint }
  /** Durations are microseconds. */
  | { type: 'DELAY'; us: number }
  /** Without `us` the process stays stopped until resumed (CLI, API) or the run ends. */
  | { type: 'SUSPEND'; us?: number }
  | { type: 'KILL'; signal: string }
  | { type: 'ALTER'; target: AlterTarget; value: Literal };

export type ActionType = Action['type'];
export const ACTION_TYPES: readonly ActionType[] = ['LOG', 'FAIL', 'RETURN', 'DELAY', 'SUSPEND', 'KILL', 'ALTER'];

/** Which calls a counter counts: the whole target tree (default), per process, or per thread. */
export type CounterScope = 'tree' | 'process' | 'thread';

/** strace's `when=first..last+step`: 1-based occurrence numbers of matching calls. */
export interface WhenRange {
  first: number;
  /** Omitted: no upper bound (strace `3+` or `3..`), unless `step` is 0. */
  last?: number;
  /** Omitted: 1 when `last` is set or the range is open, meaning "every call". */
  step?: number;
}

export interface Trigger {
  when?: WhenRange;
  /** Probability in [0, 1], with a seed so that the same seed gives the same injections. */
  probability?: { p: number; seed: number };
  /** Stop acting after this many injections. */
  maxCount?: number;
  scope: CounterScope;
}

/** A JS action for the seccomp engine's slow path (the "callback API"). */
export type RuleCallback = (call: CallbackContext) => Action | undefined | Promise<Action | undefined>;

export interface CallbackContext {
  syscall: string;
  nr: number;
  phase: Phase;
  pid: number;
  tid: number;
  args: bigint[];
  /** Decoded arguments where the engine could read them (strings, sockaddrs). */
  decoded: Record<string, unknown>;
  /** For `after` rules. */
  retval?: bigint;
}

export interface Rule {
  name?: string;
  syscalls: SyscallSelector[];
  phase: Phase;
  filter?: Expr;
  action: Action;
  trigger: Trigger;
  /** JS-only: a callback action; such a rule cannot be written in the config language. */
  callback?: RuleCallback;
  /** Where the rule was declared (config file or strace spec); not part of equality. */
  loc?: SourceLocation;
}

export const DEFAULT_TRIGGER: Trigger = Object.freeze({ scope: 'tree' }) as Trigger;
