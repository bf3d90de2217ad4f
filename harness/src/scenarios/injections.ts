// Which rules acted, on which syscall, how often: from the run's events (every acted call is
// reported, as runs are made with `report`), with the rule counters as a fallback for calls
// decided in the kernel, which send no event.

import type { DecodedEvent } from '../engine/decode/index.js';
import type { RuleCount } from '../engine/run.js';
import type { Rule, SyscallSelector } from '../rules/model.js';
import type { Injection } from './types.js';

export function ruleLabel(rule: Pick<Rule, 'name'> | undefined, index1: number): string {
  return rule?.name ?? `#${index1}`;
}

export function selectorText(s: SyscallSelector): string {
  return s.kind === 'family' ? `@${s.name}` : s.kind === 'class' ? `%${s.name}` : s.name;
}

/** Injections made by non-LOG rules, in rule order, then syscall name. */
export function injectionsOf(rules: readonly Rule[], events: readonly DecodedEvent[], counts: readonly RuleCount[]): Injection[] {
  const byKey = new Map<string, Injection & { index: number }>();
  const seenRules = new Set<number>();
  for (const e of events) {
    if (e.type !== 'rule' || !e.acted || e.rule === undefined || e.action === 'LOG') continue;
    const index = e.rule;
    seenRules.add(index);
    const syscall = e.syscall ?? '?';
    const key = `${index}\0${syscall}`;
    const hit = byKey.get(key);
    if (hit) hit.times++;
    else byKey.set(key, { index, rule: ruleLabel(rules[index - 1], index), syscall, times: 1 });
  }
  for (const c of counts) {
    const r = rules[c.rule - 1];
    if (!r || r.action.type === 'LOG' || seenRules.has(c.rule) || c.acted === 0) continue;
    byKey.set(`${c.rule}\0*`, { index: c.rule, rule: ruleLabel(r, c.rule), syscall: r.syscalls.map(selectorText).join(','), times: c.acted });
  }
  return [...byKey.values()]
    .sort((a, b) => a.index - b.index || a.syscall.localeCompare(b.syscall))
    .map(({ rule, syscall, times }) => ({ rule, syscall, times }));
}

/** How many times a rule acted (its counter, else its events). */
export function actedCount(index1: number, events: readonly DecodedEvent[], counts: readonly RuleCount[]): number {
  const c = counts.find((x) => x.rule === index1);
  if (c?.counted) return c.acted;
  return events.filter((e) => e.type === 'rule' && e.acted && e.rule === index1).length;
}
