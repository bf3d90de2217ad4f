// Visiting the parts of a rule that passes look at.

import type { Expr, Literal, Operand, ParamRef, Rule } from '../model.js';

export type Leaf = Exclude<Expr, { type: 'and' | 'or' | 'not' }>;

/** Comparisons, `in` and flag tests, left to right. */
export function leaves(expr: Expr | undefined): Leaf[] {
  const out: Leaf[] = [];
  const stack: Expr[] = expr ? [expr] : [];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.type === 'and' || e.type === 'or') stack.push(e.right, e.left);
    else if (e.type === 'not') stack.push(e.expr);
    else out.push(e);
  }
  return out;
}

export function operandsOf(leaf: Leaf): Operand[] {
  switch (leaf.type) {
    case 'compare': return [leaf.left, leaf.right];
    case 'in': return [leaf.left, ...leaf.values];
    case 'flagtest': return [leaf.left, ...leaf.mask];
  }
}

export function isLiteral(o: Operand): o is Literal {
  return o.type === 'string' || o.type === 'number' || o.type === 'symbol';
}

/** Every parameter reference of the rule: in the filter, then the ALTER target. */
export function paramRefs(rule: Rule): ParamRef[] {
  const refs = leaves(rule.filter).flatMap(operandsOf).filter((o): o is ParamRef => o.type === 'param');
  if (rule.action.type === 'ALTER' && rule.action.target.kind === 'param') refs.push(rule.action.target.param);
  return refs;
}
