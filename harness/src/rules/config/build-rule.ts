// From a raw rule block to a model Rule: check the keys, apply defaults, record locations.

import type { Expr, Phase, Rule, SyscallSelector } from '../model.js';
import { PARSE_CODES } from './codes.js';
import { buildAction } from './build-action.js';
import { located, report, type BuildContext } from './build-context.js';
import { buildTrigger, defaultTrigger } from './build-trigger.js';
import { indexEntries } from './entries.js';
import type { RawRule } from './raw.js';

const RULE_KEYS = ['syscall_name', 'rule_name', 'when', 'filter_expression', 'action', 'trigger'] as const;

/** The rule, or undefined when something in it was reported. */
export function buildRule(ctx: BuildContext, raw: RawRule): Rule | undefined {
  const before = ctx.diagnostics.length;
  const entries = indexEntries(ctx, raw.entries, 'rule block', RULE_KEYS);
  for (const key of ['syscall_name', 'action']) {
    if (!entries.has(key)) report(ctx, PARSE_CODES.missingKey, `Missing key \`${key}\` in rule block.`, raw.loc);
  }
  const actionEntry = entries.get('action');
  const action = actionEntry && buildAction(ctx, actionEntry);
  const triggerEntry = entries.get('trigger');
  const trigger = triggerEntry ? buildTrigger(ctx, triggerEntry) : defaultTrigger(ctx, raw.loc);
  const syscalls = entries.get('syscall_name')?.value as SyscallSelector[] | undefined;
  if (ctx.diagnostics.length > before || !action || !trigger || !syscalls) return undefined;

  const name = entries.get('rule_name')?.value as string | undefined;
  const filter = entries.get('filter_expression')?.value as Expr | undefined;
  const rule: Rule = {
    ...(name !== undefined && { name }),
    syscalls,
    phase: (entries.get('when')?.value as Phase | undefined) ?? 'before',
    ...(filter && { filter }),
    action,
    trigger,
    loc: raw.loc,
  };
  return located(ctx, rule, raw.loc);
}
