// Rules (harness/src/rules/model.ts) -> the kernel module's rule records. Filters go through the
// filter room (harness/src/filter: compileFilter), actions through the same mapping the
// seccomp engine uses (nativeAction), so both engines read a rule file the same way.

import { asRules, type Buildable } from '../rules/as-rule.js';
import type { Rule } from '../rules/model.js';
import { compileFilter, CompileError } from '../filter/index.js';
import { nativeAction, ruleEntries, ruleLabel } from '../engine/compile/index.js';
import { NativeActionType } from '../engine/native-binding.js';
import { Action, RULE_F_EVENT, SCT_MAX_ALTER_STR, SCT_MAX_DELAY_US, SCT_MAX_RULES, type ActionCode, type KRule } from './protocol.js';

/** Syscalls the module refuses to hook (they never return into its wrapper). */
export const UNHOOKABLE = new Set(['exit', 'exit_group']);

export interface KmodCompiled {
  rules: KRule[];
  /** KRule id -> index of the input rule. */
  ruleOf: Map<number, number>;
  /** KRule id -> syscall name. */
  nameOf: Map<number, string>;
  notes: string[];
}

export interface KmodCompileOptions {
  /** Emit an event each time any rule acts (LOG rules always do). Default true. */
  events?: boolean;
}

function kmodAction(rule: Rule, i: number, entry: Parameters<typeof nativeAction>[1]): Pick<KRule, 'action' | 'value' | 'alterArg' | 'str'> {
  const what = `${ruleLabel(rule, i)} on ${entry.name}`;
  if (rule.callback) throw new CompileError(`${what}: JS callbacks run in the seccomp engine only, not in the kernel module`);
  const a = nativeAction(rule, entry, what);
  const act = (action: ActionCode, value: bigint | number = 0n): Pick<KRule, 'action' | 'value'> => ({ action, value: BigInt(value) });
  switch (a.type) {
    case NativeActionType.LOG:
      return act(Action.LOG);
    case NativeActionType.FAIL:
      return act(Action.FAIL, a.errno!);
    case NativeActionType.RETURN:
      return act(Action.RETURN, a.value!);
    case NativeActionType.DELAY:
    case NativeActionType.SUSPEND: {
      const us = a.us ?? 0;
      if (us > SCT_MAX_DELAY_US) throw new CompileError(`${what}: the kernel module delays and suspends for at most ${SCT_MAX_DELAY_US / 1e6} s, not ${us / 1e6} s`);
      return act(a.type === NativeActionType.DELAY ? Action.DELAY : Action.SUSPEND, us);
    }
    case NativeActionType.KILL:
      return act(Action.KILL, a.signal!);
    case NativeActionType.ALTER_REG:
      return { ...act(Action.ALTER_REG, a.value!), alterArg: a.arg! };
    case NativeActionType.ALTER_RET:
      return act(Action.ALTER_RET, a.value!);
    case NativeActionType.ALTER_MEM: {
      if (a.sockField !== undefined || !a.bytes) throw new CompileError(`${what}: the kernel module alters strings only, not sockaddr fields`);
      if (a.bytes.length > SCT_MAX_ALTER_STR || a.bytes[a.bytes.length - 1] !== 0) {
        throw new CompileError(`${what}: the kernel module alters NUL-terminated strings of at most ${SCT_MAX_ALTER_STR - 1} bytes`);
      }
      return { action: Action.ALTER_MEM, value: 0n, alterArg: a.arg!, str: a.bytes };
    }
    default:
      throw new CompileError(`${what}: action not supported by the kernel module`);
  }
}

export function compileKmod(input: readonly (Rule | Buildable)[], opts: KmodCompileOptions = {}): KmodCompiled {
  const rules = asRules(input);
  const out: KRule[] = [];
  const ruleOf = new Map<number, number>();
  const nameOf = new Map<number, string>();
  const notes: string[] = [];
  rules.forEach((rule, i) => {
    const label = ruleLabel(rule, i);
    const t = rule.trigger;
    if (t.probability) throw new CompileError(`${label}: probability triggers are not supported by the kernel module`);
    if (t.scope !== 'tree') throw new CompileError(`${label}: per-${t.scope} counters are not supported by the kernel module (its counters are system-wide per rule)`);
    if (t.when?.step === 0) throw new CompileError(`${label}: a step of 0 is not supported by the kernel module`);
    for (const entry of ruleEntries(rule, i, 'x86_64')) {
      if (UNHOOKABLE.has(entry.name)) {
        notes.push(`${label}: ${entry.name} is not hooked by the kernel module (it never returns); skipped`);
        continue;
      }
      const action = kmodAction(rule, i, entry);
      if (rule.phase === 'after' && [Action.FAIL, Action.RETURN, Action.ALTER_REG, Action.ALTER_MEM].includes(action.action as 1)) {
        throw new CompileError(`${label}: ${rule.action.type} acts before the call; in an after rule use ALTER(retval, ...)`);
      }
      const id = out.length + 1;
      out.push({
        id,
        nr: entry.nr,
        phase: rule.phase === 'after' ? 1 : 0,
        flags: opts.events === false && rule.action.type !== 'LOG' ? 0 : RULE_F_EVENT,
        prog: compileFilter(rule.filter, entry, false),
        ...action,
        whenFirst: t.when?.first,
        whenLast: t.when?.last,
        whenStep: t.when?.step,
        maxCount: t.maxCount,
      });
      ruleOf.set(id, i);
      nameOf.set(id, entry.name);
    }
  });
  if (out.length > SCT_MAX_RULES) throw new CompileError(`${out.length} (rule, syscall) pairs; the kernel module takes at most ${SCT_MAX_RULES}`);
  if (out.length === 0) throw new CompileError('no rule the kernel module can load');
  notes.push('32-bit (int 0x80) and x32 calls are not hooked by the kernel module: they pass untouched');
  return { rules: out, ruleOf, nameOf, notes };
}
