// Pass: the trigger can fire: when=first..last+step with 1 <= first <= last, a probability in
// [0, 1] with an integer seed, max >= 1, a known counter scope.

import type { RuleContext } from './context.js';

const SCOPES = new Set(['tree', 'process', 'thread']);
const isCount = (n: number, min: number): boolean => Number.isSafeInteger(n) && n >= min;

export function checkTrigger(ctx: RuleContext): void {
  const { trigger } = ctx.rule;
  const bad = (message: string): void => ctx.report('SCT_BAD_TRIGGER', message, trigger);
  const { when, probability, maxCount } = trigger;
  if (when) {
    if (!isCount(when.first, 1)) bad(`when: the first occurrence must be a whole number >= 1 (occurrences count from 1), got ${when.first}`);
    else if (when.last !== undefined && !(isCount(when.last, 1) && when.last >= when.first)) bad(`when: the last occurrence must be >= the first (${when.first}), got ${when.last}`);
    if (when.step !== undefined && !isCount(when.step, 0)) bad(`when: the step must be a whole number >= 0, got ${when.step}`);
  }
  if (probability) {
    if (!(probability.p >= 0 && probability.p <= 1)) bad(`probability must be in [0, 1], got ${probability.p}`);
    if (!Number.isSafeInteger(probability.seed)) bad(`seed must be an integer, got ${probability.seed}`);
  }
  if (maxCount !== undefined && !isCount(maxCount, 1)) bad(`max must be a whole number >= 1, got ${maxCount}`);
  if (!SCOPES.has(trigger.scope)) bad(`count must be one of tree, process, thread, got ${String(trigger.scope)}`);
}
