// Rules (harness/src/rules/model.ts) -> the rule set the eBPF side reads (native/watch/bpf/watch.h):
// per syscall number the bitmask of the BPF rules that name it and the argument whose string
// goes into the event; per BPF rule its action and its filter, compiled by the filter room to
// the same blob the addon and the module run, and checked there (compileFilter runs checkProg).
//
// A filter's blob depends on the syscall (argument positions), so one rule of the file may
// become several BPF rules: one per distinct blob, shared by the syscalls that compile alike. A
// rule without a filter is one BPF rule for all its syscalls. Everything the kernel side cannot
// do is refused here, every reason at once, before anything is attached: never dropped.

import type { Rule } from '../rules/model.js';
import type { SyscallEntry } from '../tables/index.js';
import { CompileError, compileFilter, errnoValue, signalValue } from '../filter/index.js';
import { ruleEntries, ruleLabel } from '../engine/compile/index.js';
import type { WatchRuleRecord, WatchRuleSet } from './binding.js';
import { WatchRefusedError } from './errors.js';
import { WATCH_MAX_NR, WATCH_MAX_RULES, WATCH_NO_STR, WatchAction, WatchProcPath } from './contract.js';
import { logVariablePattern } from '../rules/log-variables.js';


/** FAIL through cgroup socket hooks: which syscalls each pair of programs answers for. */
export const CGROUP_FAIL: readonly { programs: readonly string[]; syscalls: readonly string[] }[] = [
  { programs: ['fail_connect4', 'fail_connect6'], syscalls: ['connect'] },
  { programs: ['fail_bind4', 'fail_bind6'], syscalls: ['bind'] },
  { programs: ['fail_sendmsg4', 'fail_sendmsg6'], syscalls: ['sendto', 'sendmsg'] },
];

/** What the loaded object can do: the names of its programs (binding.programs()). */
export interface WatchHost {
  programs: readonly string[];
}

/** One BPF rule: which rule of the input it comes from, and for which syscalls. */
export interface WatchSlot {
  rule: number;
  syscalls: string[];
}

export interface WatchPlan {
  set: WatchRuleSet;
  /** BPF rule index -> its input rule and syscalls. */
  slots: WatchSlot[];
  /** Names of the syscalls watched, by number order. */
  syscalls: string[];
  /** Printed at load: KILL/SUSPEND at sys_enter do not stop the call. */
  warnings: string[];
  /** FAIL rules present: the cgroup programs must be attached. */
  cgroupFail: boolean;
}

/** The first path or string argument: the one the kernel side copies into the event. */
export function stringArg(entry: SyscallEntry): number {
  const i = entry.args.findIndex((a) => a.type === 'path' || a.type === 'string');
  return i < 0 ? WATCH_NO_STR : i;
}

/**
 * The process paths (WatchProcPath bits) a rule's events must carry: both for --json (its `proc`),
 * else those its own LOG format names (%exe, %cwd). The default line prints neither.
 */
export function wantedProcPaths(rule: Rule, ownFormat: boolean, json: boolean): number {
  if (json) return WatchProcPath.EXE | WatchProcPath.CWD;
  if (!ownFormat || rule.action.type !== 'LOG' || rule.action.format === undefined) return 0;
  const named = new Set([...rule.action.format.matchAll(logVariablePattern())].map((m) => m[1]));
  return (named.has('exe') ? WatchProcPath.EXE : 0) | (named.has('cwd') ? WatchProcPath.CWD : 0);
}

/** The action record, or why the kernel side cannot do it. */
function action(rule: Rule, what: string, entries: SyscallEntry[], host: WatchHost): Omit<WatchRuleRecord, 'prog' | 'procPaths'> | string {
  const before = rule.phase !== 'after';
  const a = rule.action;
  switch (a.type) {
    case 'LOG':
      return { action: WatchAction.LOG, signal: 0, err: 0, atEnter: false };
    case 'KILL':
      return { action: WatchAction.KILL, signal: signalValue(a.signal, what), err: 0, atEnter: before };
    case 'SUSPEND':
      if (a.us !== undefined && a.us > 0) return `${what}: SUSPEND for a time is not done by sct watch (nothing resumes it); use SUSPEND without a duration and resume with \`kill -CONT PID\``;
      return { action: WatchAction.SUSPEND, signal: 0, err: 0, atEnter: before };
    case 'FAIL': {
      const missing = entries.filter((e) => {
        const hook = CGROUP_FAIL.find((h) => h.syscalls.includes(e.name));
        return !hook || !hook.programs.every((p) => host.programs.includes(p));
      });
      if (missing.length > 0) {
        const names = missing.map((e) => e.name).join(', ');
        const hooked = CGROUP_FAIL.filter((h) => h.programs.every((p) => host.programs.includes(p))).flatMap((h) => h.syscalls);
        return `${what}: FAIL of ${names} cannot be done with eBPF on this host: denying a call needs BPF LSM or fmod_ret (refused here) or a cgroup socket hook (${hooked.length ? `this build has them for ${hooked.join(', ')}` : 'not in this build of the watch programs'})`;
      }
      if (!before) return `${what}: FAIL acts before the call; an after rule cannot deny it`;
      return { action: WatchAction.FAIL, signal: 0, err: errnoValue(a.errno, what), atEnter: true };
    }
    case 'DELAY':
      return `${what}: DELAY needs a sleepable hook; BPF tracepoint programs cannot sleep`;
    case 'RETURN':
      return `${what}: RETURN needs bpf_override_return or fmod_ret, refused on this host`;
    case 'ALTER':
      return `${what}: ALTER needs bpf_probe_write_user or fmod_ret, refused on this host`;
  }
}

/** The rule's trigger, callback or phase, when the kernel side has no way to honour it. */
function unsupported(rule: Rule, what: string): string | undefined {
  if (rule.callback) return `${what}: JS callbacks run in the seccomp engine (sct run) only`;
  const t = rule.trigger;
  if (t.when || t.probability || t.maxCount !== undefined) return `${what}: triggers (when=, probability, max count) are not kept by the eBPF side; every matching call acts`;
  return undefined;
}

/**
 * `procPaths(rule, index)`: the WatchProcPath bits the rule's events carry (exe and cwd are walked
 * in the kernel only for them); none by default.
 */
export function compileWatch(rules: readonly Rule[], host: WatchHost, procPaths: (rule: Rule, index: number) => number = () => 0): WatchPlan {
  const reasons: string[] = [];
  const warnings: string[] = [];
  const slots: WatchSlot[] = [];
  const records: WatchRuleRecord[] = [];
  const sys = new Map<number, { mask: bigint; strArg: number; name: string }>();
  let cgroupFail = false;
  rules.forEach((rule, i) => {
    const what = ruleLabel(rule, i);
    try {
      const bad = unsupported(rule, what);
      if (bad) return void reasons.push(bad);
      const entries = ruleEntries(rule, i, 'x86_64').filter((e) => e.nr < WATCH_MAX_NR);
      const act = action(rule, what, entries, host);
      if (typeof act === 'string') return void reasons.push(act);
      if (act.action === WatchAction.FAIL) cgroupFail = true;
      if (act.atEnter && (act.action === WatchAction.KILL || act.action === WatchAction.SUSPEND)) {
        warnings.push(`${what}: ${rule.action.type} at sys_enter signals the caller, but the call itself still runs (eBPF cannot stop it there); write it as an after rule to act once the call has returned`);
      }
      const byBlob = new Map<string, number>();
      for (const entry of entries) {
        const prog = compileFilter(rule.filter, entry, false);
        const key = Buffer.from(prog).toString('hex');
        let slot = byBlob.get(key);
        if (slot === undefined) {
          slot = records.length;
          byBlob.set(key, slot);
          records.push({ ...act, procPaths: procPaths(rule, i), prog });
          slots.push({ rule: i, syscalls: [] });
        }
        slots[slot]!.syscalls.push(entry.name);
        const s = sys.get(entry.nr) ?? { mask: 0n, strArg: stringArg(entry), name: entry.name };
        if (slot < WATCH_MAX_RULES) s.mask |= 1n << BigInt(slot);
        sys.set(entry.nr, s);
      }
    } catch (err) {
      if (err instanceof CompileError) return void reasons.push(err.message);
      throw err;
    }
  });
  if (records.length > WATCH_MAX_RULES) {
    reasons.push(`the rules need ${records.length} BPF rules (one per rule and distinct filter program); the eBPF side holds ${WATCH_MAX_RULES}`);
  }
  if (reasons.length === 0 && records.length === 0) reasons.push('no rule names a syscall to watch');
  if (reasons.length > 0) throw new WatchRefusedError(reasons);
  const nrs = [...sys.keys()].sort((a, b) => a - b);
  return {
    set: { rules: records, sys: nrs.map((nr) => ({ nr, rules: sys.get(nr)!.mask, strArg: sys.get(nr)!.strArg })) },
    slots,
    syscalls: nrs.map((nr) => sys.get(nr)!.name),
    warnings,
    cgroupFail,
  };
}
