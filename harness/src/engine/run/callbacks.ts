// Rule callbacks: the supervisor asks JS (on the JS thread) what to do with a call; the answer is
// an Action, compiled like a rule's own. The binding waits synchronously, so a callback must
// return its Action (a Promise cannot be awaited there and is refused with a warning).

import { getTable, type Arch } from '../../tables/index.js';
import type { CallbackRequest, NativeAction } from '../native-binding.js';
import type { Rule } from '../../rules/model.js';
import { nativeAction } from '../compile/native-action.js';

export function callbackHandler(
  rules: readonly Rule[],
  ruleOf: ReadonlyMap<number, number>,
  arch: Arch,
  warn: (message: string) => void,
): (req: CallbackRequest) => NativeAction | undefined {
  const table = getTable(arch);
  return (req) => {
    const index = ruleOf.get(req.ruleId);
    const rule = index === undefined ? undefined : rules[index];
    if (!rule?.callback) return undefined;
    const entry = table.syscalls.find((s) => s.nr === req.nr);
    const args = req.args;
    const decoded: Record<string, unknown> = {};
    for (const [i, v] of Object.entries(req.mem ?? {})) decoded[entry?.args[Number(i)]?.name ?? `arg${i}`] = v;
    const ctx = { syscall: entry?.name ?? `syscall_${req.nr}`, nr: req.nr, phase: req.phase === 1 ? 'after' : 'before', pid: req.pid, tid: req.tid, args, decoded, ...(req.retval !== undefined ? { retval: req.retval } : {}) } as const;
    let action;
    try {
      action = rule.callback(ctx);
    } catch (error) {
      warn(`rule ${index! + 1}: callback threw: ${(error as Error).message}`);
      return undefined;
    }
    if (action instanceof Promise) {
      warn(`rule ${index! + 1}: callback returned a Promise; the supervisor needs an answer at once, so the call goes on unchanged`);
      return undefined;
    }
    if (!action || !entry) return undefined;
    try {
      return nativeAction({ ...rule, callback: undefined, action }, entry, `rule ${index! + 1}`);
    } catch (error) {
      warn(`rule ${index! + 1}: callback action: ${(error as Error).message}`);
      return undefined;
    }
  };
}
