// expect.injected: rule -> times its action was applied.

import type { Rule } from '../../rules/model.js';
import { actedCount } from '../injections.js';
import type { ScenarioRecord, Times } from '../types.js';

function showTimes(t: Times): string {
  if (typeof t === 'number') return `${t} time${t === 1 ? '' : 's'}`;
  if (t.min !== undefined && t.max !== undefined) return `${t.min}..${t.max} times`;
  return t.min !== undefined ? `at least ${t.min} times` : `at most ${t.max ?? 0} times`;
}

const within = (n: number, t: Times): boolean => (typeof t === 'number' ? n === t : n >= (t.min ?? 0) && n <= (t.max ?? Infinity));

export function checkInjected(injected: Readonly<Record<string, Times>> | undefined, rules: readonly Rule[], r: ScenarioRecord): string[] {
  const out: string[] = [];
  for (const [key, times] of Object.entries(injected ?? {})) {
    const m = /^#(\d+)$/.exec(key);
    const index = m ? Number(m[1]) : rules.findIndex((x) => x.name === key) + 1;
    const n = actedCount(index, r.events, r.counts);
    if (!within(n, times)) out.push(`injected['${key}']: expected ${showTimes(times)}, but the rule acted ${n} time${n === 1 ? '' : 's'}`);
  }
  return out;
}
