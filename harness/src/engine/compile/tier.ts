// Which tier a rule needs on its own, and why. Tier 1: decided in the BPF filter (never leaves the
// kernel); tier 2: SECCOMP_RET_USER_NOTIF, decided by the supervisor; tier 3: SECCOMP_RET_TRACE,
// for what only a ptrace stop can do (the call's result, register arguments).

import type { SyscallEntry } from '../../tables/index.js';
import type { Tier } from '../native-binding.js';
import type { Rule } from '../../rules/model.js';
import { resolveParamArg } from '../../filter/index.js';
import { isScalarExpr } from './bpf-cond.js';

export interface TierChoice {
  tier: Tier;
  reason: string;
}

export interface TierOptions {
  /** Count every matching call, tier-1 rules included (they then move to tier 2). */
  count?: boolean;
  /** The supervisor can run after-rules' calls itself (features().notifExec, x86_64). */
  notifExec?: boolean;
}

/** Calls whose after-rules the supervisor runs itself (native/src/notif_exec.h). */
export const SUPERVISOR_RUN_CALLS = new Set(['write', 'pwrite64', 'read', 'pread64', 'fsync', 'fdatasync', 'ftruncate']);
const SUPERVISOR_RUN_ACTIONS = new Set(['FAIL', 'RETURN', 'ALTER']);

/** An after-rule the notify thread can apply to a call it runs itself: it sets the result only. */
function supervisorRuns(rule: Rule, entry: SyscallEntry, opts: TierOptions, compat: boolean): boolean {
  const a = rule.action;
  return opts.notifExec === true && !compat && !rule.callback && SUPERVISOR_RUN_CALLS.has(entry.name) &&
    SUPERVISOR_RUN_ACTIONS.has(a.type) && (a.type !== 'ALTER' || a.target.kind === 'retval');
}

/** Kill signals the kernel delivers itself: SECCOMP_RET_KILL_PROCESS ends the process with SIGSYS. */
const KERNEL_KILL_SIGNALS = new Set(['SIGSYS', 'SYS']);

function hasTrigger(rule: Rule): boolean {
  const t = rule.trigger;
  return t.when !== undefined || t.probability !== undefined || t.maxCount !== undefined;
}

/** The tier `rule` needs for `entry` (`compat`: the i386 entry on x86_64). */
export function intrinsicTier(rule: Rule, entry: SyscallEntry, opts: TierOptions = {}, compat = false): TierChoice {
  const a = rule.action;
  if (rule.phase === 'after' && supervisorRuns(rule, entry, opts, compat)) {
    return { tier: 2, reason: `tier 2: phase after, ${entry.name} run by the supervisor (pipes, sockets, ttys: ptrace)` };
  }
  if (rule.phase === 'after') return { tier: 3, reason: `tier 3: phase after (${a.type} needs the call's result)` };
  if (a.type === 'ALTER') {
    if (a.target.kind === 'retval') return { tier: 3, reason: 'tier 3: ALTER of the return value' };
    const r = resolveParamArg(entry, a.target.param);
    if (r.ok && r.info.kind === 'int' && !a.target.param.field?.length) {
      return { tier: 3, reason: `tier 3: ALTER of register argument ${r.arg.name}` };
    }
    return { tier: 2, reason: 'tier 2: ALTER of memory' };
  }
  if (rule.callback) return { tier: 2, reason: 'tier 2: JS callback' };
  if (a.type !== 'FAIL' && a.type !== 'KILL') return { tier: 2, reason: `tier 2: ${a.type} runs in the supervisor` };
  if (a.type === 'KILL' && !KERNEL_KILL_SIGNALS.has(a.signal)) {
    return { tier: 2, reason: `tier 2: KILL with ${a.signal} (the kernel's own kill is SIGSYS)` };
  }
  if (hasTrigger(rule)) return { tier: 2, reason: 'tier 2: a trigger (when/probability/max) needs a counter' };
  if (rule.filter && !isScalarExpr(rule.filter, entry, compat)) {
    return { tier: 2, reason: 'tier 2: the filter reads memory or process state' };
  }
  if (opts.count) return { tier: 2, reason: 'tier 2: counted (--count); would be tier 1' };
  return { tier: 1, reason: 'tier 1: scalar-only, not counted' };
}
