// What the supervisor reports, made readable: syscall names instead of numbers, the ABI by name,
// the rule it belongs to. RunResult.events and `--json` carry these.

import { AUDIT_ARCH, getTable, syscallByNr, type Arch, type SyscallEntry } from '../../tables/index.js';
import { NativeEventKind, type NativeEvent, type NativeProcFacts } from '../native-binding.js';

export type EventType = 'rule' | 'fork' | 'exec' | 'exit' | 'warning' | 'unmatched';
export type Abi = 'x86_64' | 'i386' | 'aarch64';

export interface DecodedEvent {
  type: EventType;
  /** CLOCK_MONOTONIC nanoseconds. */
  time: bigint;
  pid: number;
  tid: number;
  /** RULE: 1-based index of the rule in the order given, its `rule_name`, and its action type. Same names as `--json`. */
  rule?: number;
  ruleName?: string;
  action?: string;
  syscall?: string;
  nr?: number;
  abi?: Abi;
  phase?: 'before' | 'after';
  args?: bigint[];
  /** Memory the supervisor read at the call, by 0-based argument index. */
  mem?: Record<number, string | Uint8Array>;
  /** after: what the call returned in the kernel; `seen`: what the caller got (after ALTER/FAIL). */
  retval?: bigint;
  seen?: bigint;
  /** The caller's comm, exe, cwd, ppid and uid, read while the call was held (see NativeRule.procInfo). */
  proc?: NativeProcFacts;
  /** Whether the rule's action was applied (false: matched, but its trigger did not fire). */
  acted?: boolean;
  /** FORK: the new pid. */
  child?: number;
  /** EXIT: exit code, or -signal. */
  status?: number;
  /** EXEC: the new executable; WARNING: what went wrong; UNMATCHED: the rule, as written. */
  message?: string;
}

const KIND: Record<number, EventType> = {
  [NativeEventKind.RULE]: 'rule',
  [NativeEventKind.FORK]: 'fork',
  [NativeEventKind.EXEC]: 'exec',
  [NativeEventKind.EXIT]: 'exit',
  [NativeEventKind.WARNING]: 'warning',
};

export function abiOf(auditArch: number | undefined, arch: Arch): Abi {
  if (auditArch === AUDIT_ARCH.I386) return 'i386';
  if (auditArch === AUDIT_ARCH.AARCH64) return 'aarch64';
  if (auditArch === AUDIT_ARCH.X86_64) return 'x86_64';
  return arch;
}

/** The table entry for a call; i386 calls are found through the rule's own syscall names. */
export function entryOf(nr: number, abi: Abi, arch: Arch, compatNames?: ReadonlyMap<number, string>): SyscallEntry | undefined {
  if (abi === 'i386') {
    const name = compatNames?.get(nr);
    return name === undefined ? undefined : getTable(arch).syscalls.find((s) => s.name === name);
  }
  return syscallByNr(nr, arch);
}

export interface DecodeContext {
  arch: Arch;
  /** NativeRule id -> the rule's 1-based index, name and action type. */
  rules: ReadonlyMap<number, { index: number; name?: string; action: string; result?: bigint }>;
  /** i386 number -> name, for the syscalls some rule names. */
  compatNames?: ReadonlyMap<number, string>;
}

export function decodeEvent(e: NativeEvent, ctx: DecodeContext): DecodedEvent {
  const out: DecodedEvent = { type: KIND[e.kind] ?? 'warning', time: e.time, pid: e.pid, tid: e.tid };
  if (e.ruleId !== undefined) {
    const r = ctx.rules.get(e.ruleId);
    if (r) {
      out.rule = r.index;
      if (r.name !== undefined) out.ruleName = r.name;
      out.action = r.action;
      // A before-phase FAIL or RETURN decides what the caller sees; the supervisor does not echo it.
      if (e.phase === 0 && e.acted && e.seen === undefined && r.result !== undefined) out.seen = r.result;
    }
  }
  let returnsFd = false;
  if (e.nr !== undefined) {
    const abi = abiOf(e.arch, ctx.arch);
    out.abi = abi;
    out.nr = e.nr;
    const entry = entryOf(e.nr, abi, ctx.arch, ctx.compatNames);
    out.syscall = entry?.name ?? `syscall_${e.nr}`;
    returnsFd = entry?.ret === 'fd';
  }
  if (e.phase !== undefined) out.phase = e.phase === 1 ? 'after' : 'before';
  if (e.args) out.args = e.args;
  if (e.mem) {
    // Index 6 is the path of the fd the call returned (-y): the supervisor reads it for any
    // result, only a call that returns an fd has one (close's 0 is not stdin).
    const { 6: returned, ...mem } = e.mem;
    if (returned !== undefined && returnsFd) mem[6] = returned;
    if (Object.keys(mem).length > 0) out.mem = mem;
  }
  if (e.retval !== undefined) out.retval = e.retval;
  if (e.seen !== undefined) out.seen = e.seen;
  if (e.proc) out.proc = e.proc;
  if (e.acted !== undefined) out.acted = e.acted;
  if (e.child !== undefined) out.child = e.child;
  if (e.status !== undefined) out.status = e.status;
  if (e.message !== undefined) out.message = e.message;
  return out;
}
