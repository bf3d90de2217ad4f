// The part of a tier-2/3 rule's filter the BPF filter can check first: the scalar conjuncts of
// its top-level `&&` chain. When every rule on a syscall has one, calls that fail all of them are
// allowed in the kernel and never reach the supervisor (the supervisor would find no match, so
// counts and `when` occurrences do not change).

import type { SyscallEntry } from '../../tables/index.js';
import type { Expr } from '../../rules/model.js';
import { isScalarExpr } from './bpf-cond.js';

export function scalarPart(filter: Expr | undefined, entry: SyscallEntry, compat: boolean): Expr | undefined {
  if (!filter) return undefined;
  if (isScalarExpr(filter, entry, compat)) return filter;
  if (filter.type !== 'and') return undefined;
  const l = scalarPart(filter.left, entry, compat);
  const r = scalarPart(filter.right, entry, compat);
  return l && r ? { type: 'and', left: l, right: r } : (l ?? r);
}
