// Types of the raw addon (native/build/Release/sct_native.node). Only harness/src/engine/native.ts
// loads it; everything else goes through the typed wrapper there. The addon checks every argument
// against these types itself (native/shared/js_args.h): a missing or mistyped field, or a number
// out of range, is a TypeError or RangeError with code SCT_USAGE naming the function and the field
// (`launch: expected `rules[3].action.errno` to be an errno between 1 and 4095, got `0` (number)`).
//
// The contract between the TypeScript rule compiler and the C++ supervisor:
//   - the seccomp filter is compiled in TS (classic BPF, `bpf`), installed in the child before exec;
//   - rules that reach user space (tier 2: SECCOMP_RET_USER_NOTIF, tier 3: SECCOMP_RET_TRACE) are
//     described by NativeRule and decided in C++ on the supervisor's own threads;
//   - what happened flows back to JS as batches of NativeEvent.
//
// Notes from the supervisor's implementation (native/src), where this contract needed a word:
//   - evalProg `strings` keys: 0-5 = the string at argument i (SCT_STR_ARG), the path of the fd in
//     argument i (SCT_STR_FD_PATH) or the raw sockaddr bytes at argument i (as a string or a
//     Uint8Array: SOCK_FIELD / SOCK_PATH / SOCK_IP); 10 = comm, 11 = exe, 12 = cwd. `vars` is indexed
//     by enum sct_var. A missing entry makes the load fail, so the program evaluates to false.
//   - Events: only rules with `report: true` produce RULE events (matched and acted calls alike);
//     every other rule is only counted (NativeExit.counts). The compiler sets report for LOG and
//     SUSPEND rules and for everything under `report`/--json.
//   - Tier-2 SUSPEND (before) holds the call *unrun* with the whole process in a job-control stop
//     (state T): SIGSTOP the process, answer the notification with -ERESTARTNOINTR; the thread
//     stops on its way back to user space and, once continued (rule duration, resume(), or anyone's
//     SIGCONT), the kernel re-executes the call, whose second notification is let through
//     uncounted. Tier-3 SUSPEND before does the same with registers (skip the call, rewind rip onto
//     the syscall instruction); tier-3 SUSPEND after stops at the exit stop. Under ptrace a stopped
//     tracee shows as `t` (tracing stop), not `T`: tier-3 suspends read `t` in /proc and ps.
//   - CALLBACK: the supervisor thread asks onCallback on the JS thread (a ThreadSafeFunction) and
//     waits up to callbackTimeoutMs (default 5000) for the answer; no answer, an exception or a
//     bad answer lets the call run unchanged, with a WARNING event.
//   - Tier-2 KILL with SIGKILL never answers the notification: the call does not run.
//   - ALTER_MEM writes over the target's own buffer (process_vm_writev, then /proc/PID/mem for
//     read-only pages) and only when the bytes fit in the original string; otherwise a WARNING event,
//     the call runs unchanged and counts as matched but not acted (its event says acted: false).
//     Not TOCTOU-safe against another thread of the target.
//   - FORK/EXEC events come from ptrace only (needsPtrace); without it the keeper reports EXIT
//     events for the target and for orphans it reaps. When the target exits, the rest of its tree
//     is SIGKILLed, then onExit follows.
//   - launch() throws Error objects with `code` (SCT_EXEC, SCT_SPAWN, SCT_RULE, SCT_FEATURE), `errno`
//     and `syscall`, which native.ts turns into LaunchError (errors.ts); and for a bad argument a
//     TypeError/RangeError with code SCT_USAGE, which it turns into NativeArgumentError.
//   - The filter is installed after the go-ahead, just before execve; between the two the target
//     only calls sendmsg (to pass the listener up) and execve: a filter that sends sendmsg to user
//     notification would deadlock the launch (the compiler must not route sendmsg before exec).

import type { NativeActionType } from '../tables/generated/abi.js';
import type { ProgFault } from '../filter/index.js';

/** Where a rule is decided. 1: in the BPF filter; 2: user notification; 3: ptrace. */
export type Tier = 1 | 2 | 3;

/** enum sct_action (include/sct/abi.h, from gen/data/abi.json): NativeAction.type. */
export { NativeActionType } from '../tables/generated/abi.js';

export interface NativeAction {
  type: NativeActionType;
  /** FAIL: positive errno. */
  errno?: number;
  /** RETURN, ALTER_REG, ALTER_RET: the value. */
  value?: bigint;
  /** DELAY, SUSPEND (0 = until resumed). */
  us?: number;
  /** KILL: signal number. */
  signal?: number;
  /** ALTER_REG / ALTER_MEM: 0-based argument index. */
  arg?: number;
  /** ALTER_MEM: the bytes to place (a string gets its NUL appended by the compiler). */
  bytes?: Uint8Array;
  /** ALTER_MEM on a sockaddr: which field (see sct_sock_field), with `value`. */
  sockField?: number;
}

export interface NativeTrigger {
  /** 1-based occurrence range; 0 = unbounded last. */
  first: number;
  last: number;
  step: number;
  /** Probability in [0,1]; 1 = always. */
  p: number;
  seed: number;
  /** 0 = no limit. */
  max: number;
  /** 0: whole tree, 1: per process, 2: per thread. */
  scope: 0 | 1 | 2;
}

export interface NativeRule {
  id: number;
  tier: Tier;
  /** 0 = before the call, 1 = after it. */
  phase: 0 | 1;
  /** Native-arch syscall numbers this rule applies to. */
  nrs: number[];
  /** i386 (int 0x80) syscall numbers on x86_64, matched by the same rule. */
  compatNrs: number[];
  /** Filter bytecode (include/sct/prog.h); empty: matches every call. */
  prog: Uint8Array;
  action: NativeAction;
  trigger: NativeTrigger;
  /** Send an event to JS for every call this rule acts on (LOG, or --json, or counting helpers). */
  report: boolean;
  /** Its events carry `proc`, read while the call is held (LOG with %comm %exe %ppid %uid %cwd, SUSPEND). */
  procInfo?: boolean;
  /**
   * Its events carry the path of each fd argument i as `mem[i]` (a string) and, after the call, of
   * the fd its result names as `mem[6]` (strace -y).
   */
  fdPaths?: boolean;
  /** Its events carry /proc/TID/fdinfo of the first fd argument as `mem[7]` (text), read after the call. */
  fdInfo?: boolean;
  /** Bytes of a buffer argument its events carry (default 4096). */
  bufMax?: number;
}

/** The calling process during the call; a field is missing when /proc could not be read. */
export interface NativeProcFacts {
  comm?: string;
  exe?: string;
  cwd?: string;
  ppid?: number;
  uid?: number;
}

export interface LaunchOptions {
  /** Absolute path of the executable (the wrapper resolves PATH); argv[0] separately. */
  file: string;
  argv: string[];
  envp: string[];
  cwd: string;
  /**
   * For fds 0, 1, 2: an fd of this process to dup2 into the child (inherit: 0,1,2 themselves), or -1
   * to give the child /dev/null. The wrapper creates pipes when the caller asks for piped output.
   * The child clears O_NONBLOCK and FD_CLOEXEC on them before exec.
   */
  stdio: [number, number, number];
  /** struct sock_filter[] as bytes (8 bytes each). Empty: no filter (plain run). */
  bpf: Uint8Array;
  rules: NativeRule[];
  /** Syscall numbers that must stop under ptrace for following (clone with CLONE_UNTRACED, ...). */
  needsPtrace: boolean;
  needsNotify: boolean;
  /** Kill the whole tree after this many ms (0: none). */
  timeoutMs: number;
  /** Called with batches of events, on the JS thread. */
  onEvents: (events: NativeEvent[]) => void;
  /** Called once when the target tree is gone and every resource is freed. */
  onExit: (result: NativeExit) => void;
  /** tier-2/3 rules with CALLBACK actions: called on the JS thread; the supervisor waits for the answer. */
  onCallback?: (req: CallbackRequest) => NativeAction | undefined;
  /** How long a supervisor thread waits for onCallback's answer before letting the call run (default 5000). */
  callbackTimeoutMs?: number;
}

export const enum NativeEventKind {
  /** A rule matched (and its trigger fired, or it only counted: see `acted`). */
  RULE = 0,
  FORK = 1,
  EXEC = 2,
  EXIT = 3,
  /** Something the supervisor could not do (e.g. a memory read failed); `message` says what. */
  WARNING = 4,
}

export interface NativeEvent {
  kind: NativeEventKind;
  /** Monotonic ns (CLOCK_MONOTONIC). */
  time: bigint;
  pid: number;
  tid: number;
  ruleId?: number;
  nr?: number;
  /** AUDIT_ARCH of the call. */
  arch?: number;
  phase?: 0 | 1;
  args?: bigint[];
  /** Decoded memory at the time of the call, by argument index: strings and sockaddrs (raw bytes). */
  mem?: Record<number, string | Uint8Array>;
  /** after-phase events: the value the call returned (before any ALTER_RET), and what the caller saw. */
  retval?: bigint;
  seen?: bigint;
  /** Rules with procInfo: the caller's comm, exe, cwd, ppid and uid while the call was held. */
  proc?: NativeProcFacts;
  /** Whether the action was applied (false: the filter matched but the trigger did not fire). */
  acted?: boolean;
  /** FORK: the new pid; EXIT: exit code or -signal; EXEC: the new exe path in `message`. */
  child?: number;
  status?: number;
  message?: string;
}

export interface NativeExit {
  /** The direct target's exit code, or null when a signal ended it. */
  exitCode: number | null;
  signal: number | null;
  timedOut: boolean;
  /** The keeper died before the tree (killed from outside): the tree was killed, the target's own status is unknown. */
  keeperLost: boolean;
  /** Per rule id: how many calls matched the filter, and how many were acted on. */
  counts: Record<number, { matched: number; acted: number }>;
}

export interface CallbackRequest {
  ruleId: number;
  /** AUDIT_ARCH of the call. */
  arch: number;
  pid: number;
  tid: number;
  nr: number;
  phase: 0 | 1;
  args: bigint[];
  retval?: bigint;
  mem?: Record<number, string | Uint8Array>;
}

export interface Supervisor {
  /** pid of the direct target. */
  readonly pid: number;
  /** Resume a process stopped by SUSPEND (all of its held threads). Returns false when none was held. */
  resume(pid: number): boolean;
  /** Send a signal (number) to the target, after SIGCONT to every process a SUSPEND holds. False once the target is gone. */
  signal(sig: number): boolean;
  /** SIGKILL the whole tree; onExit follows. */
  kill(): void;
}

export interface RawBinding {
  launch(options: LaunchOptions): Supervisor;
  /** Kernel features, probed once: seccomp user notification, WAIT_KILLABLE_RECV, pidfd_getfd... */
  features(): Record<string, boolean>;
  /** Check a filter program with include/sct/prog_check.h (what the supervisor and the module run on load): null when valid. */
  progCheck(prog: Uint8Array): ProgFault | null;
  /** Run a filter program against given values (for tests of the compiler): args, vars, strings. */
  evalProg(prog: Uint8Array, input: { args: bigint[]; vars?: number[]; strings?: Record<number, string> }): boolean;
  /**
   * Creates a FIFO at `path` with exactly `mode` (not narrowed by the umask, as `mkfifo -m`), without
   * a child process. Throws an Error shaped like Node's fs errors: message
   * `mkfifo PATH: EEXIST (File exists)`, `code` (the errno name), `errno` (positive), `syscall`
   * (`mkfifo`, or `chmod` when setting the mode failed and the FIFO was removed again) and `path`.
   */
  mkfifo(path: string, mode: number): void;
  /** The C library's text for an errno (glibc's strerrordesc_np: English, whatever the locale), or null. */
  errnoText(errno: number): string | null;
  /**
   * Makes this process a child subreaper (PR_SET_CHILD_SUBREAPER), for a process that runs one
   * target (the CLI): if a keeper is then killed from outside, the tree's orphans come to this
   * process and are killed. False when prctl refused.
   */
  becomeSubreaper(): boolean;
}
