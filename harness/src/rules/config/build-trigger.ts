// The optional `trigger { ... }` block: which occurrences, how likely, how many, counted where.

import type { CounterScope, SourceLocation, Trigger, WhenRange } from '../model.js';
import { PARSE_CODES } from './codes.js';
import { located, report, type BuildContext } from './build-context.js';
import { indexEntries } from './entries.js';
import type { RawEntry } from './raw.js';

const TRIGGER_KEYS = ['when', 'probability', 'seed', 'max', 'count'] as const;

/** The trigger of a rule without a `trigger` block, located at the rule. */
export function defaultTrigger(ctx: BuildContext, loc: SourceLocation): Trigger {
  return located(ctx, { scope: 'tree' }, loc);
}

export function buildTrigger(ctx: BuildContext, block: RawEntry): Trigger | undefined {
  const before = ctx.diagnostics.length;
  const entries = indexEntries(ctx, block.value as RawEntry[], 'trigger block', TRIGGER_KEYS);
  const when = entries.get('when')?.value as WhenRange | undefined;
  const probability = entries.get('probability');
  const seed = entries.get('seed');
  const max = entries.get('max')?.value as number | undefined;
  const scope = (entries.get('count')?.value as CounterScope | undefined) ?? 'tree';
  if (seed && !probability) {
    report(ctx, PARSE_CODES.missingKey, 'Missing key `probability` in trigger block: `seed` only applies with `probability`.', seed.keyLoc);
  }
  if (ctx.diagnostics.length > before) return undefined;
  const trigger: Trigger = { scope };
  if (when) trigger.when = when;
  if (probability) {
    const p = { p: probability.value as number, seed: (seed?.value as number | undefined) ?? 0 };
    trigger.probability = located(ctx, p, probability.loc);
  }
  if (max !== undefined) trigger.maxCount = max;
  return located(ctx, trigger, block.keyLoc);
}
