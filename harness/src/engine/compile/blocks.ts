// Per-ABI filter blocks: what the BPF filter does for each syscall number some rule names.
//   tier 1: test the rules in order, return the first match's kernel action, else ALLOW;
//   tier 2/3: return USER_NOTIF/TRACE, pre-checked by each rule's scalar part when all have one;
//   i386 calls of tier-3 syscalls: KILL_PROCESS (the ptrace side handles 64-bit calls only);
//   supervisor-run after-rules (tier 2): the bounce marker first (TRACE), i386 calls killed.

import type { SyscallEntry } from '../../tables/index.js';
import type { Rule } from '../../rules/model.js';
import type { Tier } from '../native-binding.js';
import type { Block, CondRule } from './bpf-build.js';
import { SECCOMP_RET } from './bpf-format.js';
import type { Plan } from './plan.js';
import { ruleLabel } from './plan.js';
import { scalarPart } from './prefilter.js';
import { errnoValue } from '../../filter/index.js';

const USER_RET: Record<2 | 3, number> = { 2: SECCOMP_RET.USER_NOTIF, 3: SECCOMP_RET.TRACE };

function kernelRet(rule: Rule, what: string): number {
  if (rule.action.type === 'FAIL') return (SECCOMP_RET.ERRNO | errnoValue(rule.action.errno, what)) >>> 0;
  return SECCOMP_RET.KILL_PROCESS;
}

export interface AbiBlocks {
  blocks: Map<number, Block>;
  /** Syscall names whose calls in this ABI are killed (compat tier 3). */
  killed: Set<string>;
}

/**
 * `toAbi` maps a native entry to this ABI's (identity for the native ABI, the i386 entry for
 * compat; undefined when the syscall does not exist there).
 */
export function abiBlocks(rules: readonly Rule[], plan: Plan, toAbi: (e: SyscallEntry) => SyscallEntry | undefined, compat: boolean): AbiBlocks {
  const perNr = new Map<number, { tier: Tier; conds: Array<CondRule | undefined>; follow: boolean; exec: boolean }>();
  const killed = new Set<string>();
  plan.placements.forEach((list, i) => {
    const rule = rules[i]!;
    for (const p of list) {
      const entry = toAbi(p.entry);
      if (!entry) continue;
      const slot = perNr.get(entry.nr) ?? { tier: p.tier, conds: [], follow: !compat && plan.followNrs.has(p.entry.nr), exec: false };
      if (p.exec) slot.exec = true;
      perNr.set(entry.nr, slot);
      if (p.tier === 1) slot.conds.push({ filter: rule.filter, entry, ret: kernelRet(rule, ruleLabel(rule, i)) });
      else {
        const filter = scalarPart(rule.filter, entry, compat);
        slot.conds.push(filter ? { filter, entry, ret: USER_RET[p.tier] } : undefined);
      }
    }
  });
  const blocks = new Map<number, Block>();
  for (const [nr, { tier, conds, follow, exec }] of perNr) {
    // Supervisor-run after-rules: i386 calls cannot be bounced to the tracer, as in tier 3.
    if ((tier === 3 || exec) && compat) {
      blocks.set(nr, { kind: 'ret', ret: SECCOMP_RET.KILL_PROCESS });
      const name = conds.find((c) => c)?.entry.name ?? plan.placements.flat().find((p) => toAbi(p.entry)?.nr === nr)?.entry.name;
      if (name) killed.add(name);
    } else if (tier === 1 || (!follow && conds.every((c) => c !== undefined))) {
      blocks.set(nr, { kind: 'rules', rules: conds as CondRule[], bounce: exec });
    } else {
      blocks.set(nr, { kind: 'ret', ret: USER_RET[tier], bounce: exec });
    }
  }
  if (!compat) for (const nr of plan.followOnly.keys()) blocks.set(nr, { kind: 'ret', ret: SECCOMP_RET.TRACE });
  return { blocks, killed };
}
