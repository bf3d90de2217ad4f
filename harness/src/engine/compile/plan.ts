// Step one of compiling: for every (rule, syscall) pair, the tier it runs in and why. A syscall
// number takes the highest tier any of its rules needs (the supervisor evaluates every rule kind in
// tiers 2 and 3, the BPF filter only tier-1 kinds), and with ptrace in use the process-creating
// syscalls stop too, so that children stay traced.

import { resolveSelector, type Arch, type SyscallEntry } from '../../tables/index.js';
import type { Tier } from '../native-binding.js';
import type { Rule } from '../../rules/model.js';
import { CompileError } from '../../filter/index.js';
import { PROCESS_CREATING } from './follow.js';
import { intrinsicTier, type TierOptions } from './tier.js';

export interface Placement {
  entry: SyscallEntry;
  tier: Tier;
  reason: string;
  /** An after-rule in tier 2: the supervisor runs the call (bounced to ptrace where it cannot). */
  exec?: boolean;
}

export interface Plan {
  /** Per rule, in rule order: where each selected syscall runs. */
  placements: Placement[][];
  /** Syscall number -> tier, for every number some rule names (or that ptrace follows). */
  nrTier: Map<number, Tier>;
  /** Numbers stopped only to follow children (no rule names them). */
  followOnly: Map<number, SyscallEntry>;
  /** Every number that stops to follow children (clone, fork...), with or without rules. */
  followNrs: Set<number>;
  needsPtrace: boolean;
}

export function ruleLabel(rule: Rule, index: number): string {
  return rule.name ? `rule '${rule.name}'` : `rule ${index + 1}`;
}

export function ruleEntries(rule: Rule, index: number, arch: Arch): SyscallEntry[] {
  const seen = new Map<number, SyscallEntry>();
  for (const sel of rule.syscalls) {
    const entries = resolveSelector(sel, arch);
    if (!entries || entries.length === 0) throw new CompileError(`${ruleLabel(rule, index)}: '${sel.name}' selects no syscall on ${arch}`);
    for (const e of entries) seen.set(e.nr, e);
  }
  return [...seen.values()].sort((a, b) => a.nr - b.nr);
}

export function planTiers(rules: readonly Rule[], arch: Arch, opts: TierOptions): Plan {
  const intrinsic = rules.map((rule, i) => ruleEntries(rule, i, arch).map((entry) => ({ entry, ...intrinsicTier(rule, entry, opts) })));
  const nrTier = new Map<number, Tier>();
  const raisedBy = new Map<number, string>();
  intrinsic.forEach((list, i) => {
    for (const p of list) {
      const cur = nrTier.get(p.entry.nr) ?? 1;
      if (p.tier > cur || !nrTier.has(p.entry.nr)) {
        if (p.tier > cur) raisedBy.set(p.entry.nr, ruleLabel(rules[i]!, i));
        nrTier.set(p.entry.nr, Math.max(cur, p.tier) as Tier);
      }
    }
  });
  // Supervisor-run after-rules bounce the calls they cannot run to the tracer.
  const runsAfter = (list: Placement[], i: number): boolean => rules[i]!.phase === 'after' && list.some((p) => p.tier === 2 && nrTier.get(p.entry.nr) === 2);
  const needsPtrace = [...nrTier.values()].some((t) => t === 3) || intrinsic.some(runsAfter);
  const followOnly = new Map<number, SyscallEntry>();
  const followNrs = new Set<number>();
  if (needsPtrace) {
    for (const name of PROCESS_CREATING) {
      const entry = resolveSelector({ kind: 'name', name }, arch)?.[0];
      if (!entry) continue;
      followNrs.add(entry.nr);
      if (!nrTier.has(entry.nr)) followOnly.set(entry.nr, entry);
      if (nrTier.get(entry.nr) !== 3) raisedBy.set(entry.nr, 'ptrace following children');
      nrTier.set(entry.nr, 3);
    }
  }
  const placements = intrinsic.map((list, i) =>
    list.map(({ entry, tier, reason }) => {
      const eff = nrTier.get(entry.nr)!;
      if (eff === tier) return { entry, tier, reason, ...(tier === 2 && rules[i]!.phase === 'after' ? { exec: true } : {}) };
      const why = raisedBy.get(entry.nr) ?? 'another rule';
      return { entry, tier: eff, reason: `tier ${eff}: ${entry.name} is raised from tier ${tier} by ${why} (${reason})` };
    }),
  );
  return { placements, nrTier, followOnly, followNrs, needsPtrace };
}
