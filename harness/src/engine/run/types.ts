import type { Arch } from '../../tables/index.js';
import type { Tier } from '../native-binding.js';
import type { Buildable } from '../../rules/as-rule.js';
import type { Rule } from '../../rules/model.js';
import type { DecodedEvent } from '../decode/index.js';
import type { RuleSummary } from '../compile/index.js';

export interface RunOptions {
  command: string;
  args?: string[];
  /** The target's whole environment (default: this process's). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** 'pipe' (default): collect stdout/stderr as strings; 'inherit': share this process's. */
  stdio?: 'inherit' | 'pipe';
  /** Text for the target's stdin (else /dev/null when piped, this process's stdin when inherited). */
  input?: string | Uint8Array;
  /** Kill the whole target tree after this many ms. */
  timeoutMs?: number;
  /** Built rules or builders (`rule.before('openat').fail('EACCES')`), in order. */
  rules: readonly (Rule | Buildable)[];
  /**
   * io_uring, whose I/O no syscall rule sees: 'warn' (default when there are rules) reports each
   * process that calls io_uring_setup as a warning event; 'deny' fails io_uring_setup with ENOSYS
   * so that programs fall back to plain syscalls; 'allow' says nothing.
   */
  ioUring?: 'allow' | 'warn' | 'deny';
  /** Count tier-1 rules too (moves them to the supervisor). */
  count?: boolean;
  /** Ask for an event on every call each rule acts on, not only LOG ones. */
  report?: boolean;
  arch?: Arch;
  /** Called for every event as it arrives (LOG lines are written from here by the CLI). */
  onEvent?: (event: DecodedEvent) => void;
  /** Called with chunks of piped output as they arrive. */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export interface RuleCount {
  /** 1-based, in the order the rules were given. */
  rule: number;
  name?: string;
  tier: Tier;
  /** False for rules decided in the kernel (tier 1): matched/acted stay 0. */
  counted: boolean;
  /** Calls that passed the rule's filter. */
  matched: number;
  /** Calls the action was applied to (the trigger fired). */
  acted: number;
}

export interface RunResult {
  /** The target's exit code, or null when a signal ended it. */
  exitCode: number | null;
  /** The signal's name (SIGKILL), or null. */
  signal: string | null;
  timedOut: boolean;
  /**
   * The keeper process died before the tree (SIGKILLed from outside): the tree was killed and
   * exitCode/signal say only that (SIGKILL). `sct run` exits 125.
   */
  keeperLost: boolean;
  stdout?: string;
  stderr?: string;
  events: DecodedEvent[];
  counts: RuleCount[];
  durationMs: number;
  summary: RuleSummary[];
  notes: string[];
}

export interface RunHandle {
  /** pid of the direct target. */
  readonly pid: number;
  /** Whether ptrace follows the target (tier-3 rules): the supervisor then reports exec events. */
  readonly traced: boolean;
  /** Resume a process held by SUSPEND; false when none was held. */
  resume(pid: number): boolean;
  /**
   * Send a signal to the target (not its children), after continuing every process a SUSPEND
   * holds: what a signal-forwarding wrapper does. False once the target is gone.
   */
  signal(signal: NodeJS.Signals | number): boolean;
  /** SIGKILL the whole target tree. */
  kill(): void;
  readonly result: Promise<RunResult>;
}
