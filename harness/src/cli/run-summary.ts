// The table `sct run` prints on stderr when the target is gone: per rule, its tier, how many calls
// matched and how many it acted on. Tier-1 rules are decided in the kernel and say so.

import type { RuleCount } from '../engine/run.js';

export function formatRunSummary(counts: readonly RuleCount[]): string[] {
  if (counts.length === 0) return [];
  const rows = counts.map((c) => [
    c.name ? `${c.rule} ${c.name}` : String(c.rule),
    String(c.tier),
    c.counted ? String(c.matched) : 'not counted',
    c.counted ? String(c.acted) : '',
  ]);
  const head = ['rule', 'tier', 'matches', 'injections'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(head), ...rows.map(line)];
  if (counts.some((c) => !c.counted)) out.push('tier-1 rules are decided in the kernel and not counted; use --count');
  return out.map((l) => `sct: ${l}`);
}
