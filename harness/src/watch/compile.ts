// Rules (harness/src/rules/model.ts) -> the rule set the eBPF side reads (native/watch/bpf/watch.h):
// per syscall number the bitmask of the BPF rules that name it and the argument whose string
// goes into the event; per BPF rule its action and its filter, compiled by the filter room to
// the same blob the addon and the module run, and checked there (compileFilter runs checkProg).
//
// A filter's blob depends on the syscall (argument positions), so one rule of the file may
// become several BPF rules: one per distinct blob, shared by the syscalls that compile alike. A
// rule without a filter is one BPF rule for all its syscalls. Everything the kernel side cannot
// do is refused here, every reason at once, before anything is attached: never dropped. FAIL
// goes through a cgroup socket hook (connect, bind, sendto/sendmsg) or, where the kernel runs BPF
// LSM programs, an LSM hook (LSM_FAIL); nothing else can deny a call from BPF here.

import type { Rule } from '../rules/model.js';
import type { SyscallEntry } from '../tables/index.js';
import { CompileError, compileFilter, errnoValue, signalValue } from '../filter/index.js';
import { ruleEntries, ruleLabel } from '../engine/compile/index.js';
import type { WatchRuleRecord, WatchRuleSet } from './binding.js';
import { WatchRefusedError } from './errors.js';
import { WATCH_MAX_NR, WATCH_MAX_RULES, WATCH_NO_STR, WatchAction, WatchLsmHook, WatchProcPath } from './contract.js';
import { logVariablePattern } from '../rules/log-variables.js';


/** FAIL through cgroup socket hooks: which syscalls each pair of programs answers for. */
export const CGROUP_FAIL: readonly { programs: readonly string[]; syscalls: readonly string[] }[] = [
  { programs: ['fail_connect4', 'fail_connect6'], syscalls: ['connect'] },
  { programs: ['fail_bind4', 'fail_bind6'], syscalls: ['bind'] },
  { programs: ['fail_sendmsg4', 'fail_sendmsg6'], syscalls: ['sendto', 'sendmsg'] },
];

/**
 * FAIL through BPF LSM (watch.bpf.c, lsm_<hook>): which syscalls each hook denies, and its bit in
 * struct sct_watch_sys.lsm_hooks (enum sct_watch_lsm_hook). A hook the kernel passes for other
 * calls too acts only for these (openat with O_CREAT also passes path_mknod; execve file_open).
 */
export const LSM_FAIL: readonly { program: string; hook: number; syscalls: readonly string[] }[] = [
  { program: 'lsm_file_open', hook: WatchLsmHook.FILE_OPEN, syscalls: ['open', 'openat', 'openat2', 'creat'] },
  { program: 'lsm_path_unlink', hook: WatchLsmHook.PATH_UNLINK, syscalls: ['unlink', 'unlinkat'] },
  { program: 'lsm_path_rmdir', hook: WatchLsmHook.PATH_RMDIR, syscalls: ['rmdir', 'unlinkat'] },
  { program: 'lsm_path_rename', hook: WatchLsmHook.PATH_RENAME, syscalls: ['rename', 'renameat', 'renameat2'] },
  { program: 'lsm_path_mkdir', hook: WatchLsmHook.PATH_MKDIR, syscalls: ['mkdir', 'mkdirat'] },
  { program: 'lsm_bprm_check_security', hook: WatchLsmHook.BPRM_CHECK, syscalls: ['execve', 'execveat'] },
];

/** What the loaded object and the kernel can do. */
export interface WatchHost {
  /** The names of the object's programs (binding.programs()). */
  programs: readonly string[];
  /** Why BPF LSM programs cannot deny calls here, undefined when they can (asked only when a FAIL rule needs them). */
  bpfLsm(): string | undefined;
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
  /** FAIL rules on a cgroup hook's syscalls: the cgroup programs must be attached. */
  cgroupFail: boolean;
  /** The LSM programs FAIL rules need (LSM_FAIL), to load and attach. */
  lsmPrograms: string[];
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

const cgroupHook = (name: string, host: WatchHost) => CGROUP_FAIL.find((h) => h.syscalls.includes(name) && h.programs.every((p) => host.programs.includes(p)));
const lsmHooks = (name: string, host: WatchHost) => LSM_FAIL.filter((h) => h.syscalls.includes(name) && host.programs.includes(h.program));

/** Why FAIL of these syscalls cannot be done here, or undefined: a cgroup socket hook, else LSM hooks where the host runs BPF LSM. */
function failRefusal(entries: readonly SyscallEntry[], host: WatchHost): string | undefined {
  const lsm: string[] = [];
  const none: string[] = [];
  for (const e of entries) if (!cgroupHook(e.name, host)) (lsmHooks(e.name, host).length > 0 ? lsm : none).push(e.name);
  const why: string[] = [];
  if (none.length > 0) {
    const cg = CGROUP_FAIL.filter((h) => h.programs.every((p) => host.programs.includes(p))).flatMap((h) => h.syscalls);
    const ls = [...new Set(LSM_FAIL.filter((h) => host.programs.includes(h.program)).flatMap((h) => h.syscalls))];
    const has = (names: string[]): string => (names.length ? `this build has them for ${names.join(', ')}` : 'not in this build of the watch programs');
    why.push(`FAIL of ${none.join(', ')} cannot be done with eBPF: denying a call needs a cgroup socket hook (${has(cg)}) or a BPF LSM hook (${has(ls)})`);
  }
  const lsmWhy = lsm.length > 0 ? host.bpfLsm() : undefined;
  if (lsmWhy !== undefined) why.push(`FAIL of ${lsm.join(', ')} cannot be done with eBPF on this host: it needs BPF LSM, ${lsmWhy}`);
  return why.length > 0 ? why.join('; ') : undefined;
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
      const refused = failRefusal(entries, host);
      if (refused) return `${what}: ${refused}`;
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
  const sys = new Map<number, { mask: bigint; strArg: number; lsmHooks: number; name: string }>();
  let cgroupFail = false;
  const lsmPrograms = new Set<string>();
  rules.forEach((rule, i) => {
    const what = ruleLabel(rule, i);
    try {
      const bad = unsupported(rule, what);
      if (bad) return void reasons.push(bad);
      const entries = ruleEntries(rule, i, 'x86_64').filter((e) => e.nr < WATCH_MAX_NR);
      const act = action(rule, what, entries, host);
      if (typeof act === 'string') return void reasons.push(act);
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
        const s = sys.get(entry.nr) ?? { mask: 0n, strArg: stringArg(entry), lsmHooks: 0, name: entry.name };
        if (slot < WATCH_MAX_RULES) s.mask |= 1n << BigInt(slot);
        if (act.action === WatchAction.FAIL) {
          // action() accepted it: a cgroup hook answers for this syscall, else LSM hooks do
          if (cgroupHook(entry.name, host)) cgroupFail = true;
          else {
            for (const h of lsmHooks(entry.name, host)) {
              s.lsmHooks |= 1 << h.hook;
              lsmPrograms.add(h.program);
            }
          }
        }
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
    set: { rules: records, sys: nrs.map((nr) => ({ nr, rules: sys.get(nr)!.mask, strArg: sys.get(nr)!.strArg, lsmHooks: sys.get(nr)!.lsmHooks })) },
    slots,
    syscalls: nrs.map((nr) => sys.get(nr)!.name),
    warnings,
    cgroupFail,
    lsmPrograms: LSM_FAIL.map((h) => h.program).filter((p) => lsmPrograms.has(p)),
  };
}
