// Resolved rules -> what the supervisor loads: the BPF filter, the rules it decides in user space
// (tiers 2 and 3), whether it needs a notification listener and/or ptrace, and a per-rule summary
// of where each rule runs and why.

import type { Arch, SyscallEntry } from '../../tables/index.js';
import type { NativeRule, Tier } from '../native-binding.js';
import { asRules, type Buildable } from '../../rules/as-rule.js';
import type { Rule } from '../../rules/model.js';
import { hostArch } from '../../tables/index.js';
import { assertFilterDepth } from '../../rules/filter-depth.js';
import { abisFor } from './abi.js';
import { buildFilter, type AbiPlan } from './bpf-build.js';
import { abiBlocks } from './blocks.js';
import { nativeAction } from './native-action.js';
import { nativeTrigger } from './native-trigger.js';
import { planTiers, ruleLabel } from './plan.js';
import { compileFilter } from '../../filter/index.js';
import { needsProcessFacts } from '../../rules/log-variables.js';

export interface CompileOptions {
  arch?: Arch;
  /** Count tier-1 rules too (moves them to tier 2). */
  count?: boolean;
  /** Ask the supervisor for an event on every call each rule acts on (`--json`, RunResult.events). */
  report?: boolean;
  /** The supervisor runs after-rules' write/pwrite64/read/pread64/fsync/fdatasync/ftruncate itself (features().notifExec). */
  notifExec?: boolean;
}

export interface SyscallPlacement {
  syscall: string;
  nr: number;
  tier: Tier;
  reason: string;
}

export interface RuleSummary {
  /** Index in the input rules. */
  index: number;
  label: string;
  syscalls: SyscallPlacement[];
  /** Highest tier the rule runs in. */
  tier: Tier;
  /** False when every placement is tier 1: the kernel decides and nobody counts. */
  counted: boolean;
  /** NativeRule ids this rule became. */
  nativeIds: number[];
}

export interface CompiledRules {
  bpf: Uint8Array;
  rules: NativeRule[];
  needsNotify: boolean;
  needsPtrace: boolean;
  summary: RuleSummary[];
  /** NativeRule id -> index of the input rule. */
  ruleOf: Map<number, number>;
  /** i386 syscall number -> name, for the calls the filter routes (decoding i386 events). */
  compatNames: Map<number, string>;
  /** Things a user should know (i386 limits, tier-1 rules not counted). */
  notes: string[];
}

function keyOf(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
}

export function compileRules(input: readonly (Rule | Buildable)[], opts: CompileOptions = {}): CompiledRules {
  const rules = asRules(input);
  const arch = opts.arch ?? hostArch();
  rules.forEach((rule, i) => assertFilterDepth(rule.filter, ruleLabel(rule, i)));
  const abis = abisFor(arch);
  const plan = planTiers(rules, arch, { count: opts.count, notifExec: opts.notifExec === true && arch === 'x86_64' });
  const notes: string[] = [];
  const compatNames = new Map<number, string>();

  const native = abiBlocks(rules, plan, (e) => e, false);

  // NativeRules, grouped so that one rule on many syscalls with the same program is one entry.
  const groups = new Map<string, NativeRule>();
  const ruleOf = new Map<number, number>();
  const nativeIds: number[][] = rules.map(() => []);
  const addNative = (i: number, entry: SyscallEntry, tier: Tier, compat: boolean): void => {
    const rule = rules[i]!;
    const label = ruleLabel(rule, i);
    const prog = compileFilter(rule.filter, entry, compat);
    const action = nativeAction(rule, entry, label);
    const key = keyOf([i, tier, Buffer.from(prog).toString('hex'), action]);
    let nr = groups.get(key);
    if (!nr) {
      const id = groups.size + 1;
      nr = {
        id,
        tier,
        phase: rule.phase === 'after' ? 1 : 0,
        nrs: [],
        compatNrs: [],
        prog,
        action,
        trigger: nativeTrigger(rule.trigger),
        // LOG prints; SUSPEND tells who to resume. Every other acted call is only counted.
        report: opts.report === true || rule.action.type === 'LOG' || rule.action.type === 'SUSPEND',
        // Who made the call, read while it is held: a short-lived process is gone by the time JS
        // formats the line (%comm of `rm` read as `?`), and SUSPEND says which process it stopped.
        procInfo: rule.action.type === 'SUSPEND' || (rule.action.type === 'LOG' && needsProcessFacts(rule.action.format ?? '')),
        // strace -y: the path of each fd argument and of a returned fd, read while the call is held.
        ...(rule.action.type === 'LOG' && rule.action.fdPaths === true ? { fdPaths: true } : {}),
        // sct crash: whole buffers, and where a write went (fdinfo's pos and flags).
        ...(rule.action.type === 'LOG' && rule.action.capture?.fdInfo === true ? { fdInfo: true } : {}),
        ...(rule.action.type === 'LOG' && rule.action.capture?.bufMax !== undefined ? { bufMax: rule.action.capture.bufMax } : {}),
      };
      groups.set(key, nr);
      ruleOf.set(id, i);
      nativeIds[i]!.push(id);
    }
    (compat ? nr.compatNrs : nr.nrs).push(entry.nr);
  };
  plan.placements.forEach((list, i) => {
    for (const p of list) if (p.tier !== 1) addNative(i, p.entry, p.tier, false);
  });

  const abiPlans: AbiPlan[] = [{ auditArch: abis.native.auditArch, killBit: abis.killBit, compat: false, blocks: native.blocks }];

  // i386 on x86_64: the same decisions by name (tier 3 excepted, see blocks.ts).
  if (abis.compat) {
    const compat = abis.compat;
    plan.placements.forEach((list, i) => {
      for (const p of list) {
        const centry = compat.entryOf(p.entry);
        if (!centry) continue;
        compatNames.set(centry.nr, centry.name);
        if (p.tier === 2 && !p.exec) addNative(i, centry, 2, true);
      }
    });
    const { blocks, killed } = abiBlocks(rules, plan, compat.entryOf, true);
    if (killed.size > 0) {
      notes.push(`i386 (int 0x80) calls of ${[...killed].sort().join(', ')} are killed (SIGSYS): tier-3 rules are not supported for 32-bit calls`);
    }
    abiPlans.push({ auditArch: compat.auditArch, killBit: 0, compat: true, blocks });
  }

  const summary: RuleSummary[] = plan.placements.map((list, i) => {
    const tier = list.reduce<Tier>((t, p) => (p.tier > t ? p.tier : t), 1);
    return {
      index: i,
      label: ruleLabel(rules[i]!, i),
      syscalls: list.map((p) => ({ syscall: p.entry.name, nr: p.entry.nr, tier: p.tier, reason: p.reason })),
      tier,
      counted: list.some((p) => p.tier !== 1),
      nativeIds: nativeIds[i]!,
    };
  });
  if (summary.some((s) => !s.counted)) notes.push('tier-1 rules are decided in the kernel and not counted; use --count');

  const nativeRules = [...groups.values()];
  return {
    bpf: buildFilter(abiPlans),
    rules: nativeRules,
    needsNotify: nativeRules.some((r) => r.tier === 2),
    needsPtrace: plan.needsPtrace,
    summary,
    ruleOf,
    compatNames,
    notes,
  };
}

/** One line per (rule, syscall): `rule 1: openat: tier 1: scalar-only, not counted`. */
export function formatSummary(summary: readonly RuleSummary[]): string[] {
  return summary.flatMap((s) => s.syscalls.map((p) => `${s.label}: ${p.syscall}: ${p.reason}`));
}
