// The last step: a copy of the rule with what the passes learned written in (`fd.path` becomes
// `fdPath: true`). Copies inherit the source locations of the nodes they replace.

import type { Action, Expr, Literal, Operand, ParamRef, Rule, SourceLocation } from '../model.js';
import type { ParamInfo } from '../../filter/index.js';

export function resolveRule(rule: Rule, params: Map<ParamRef, ParamInfo>, locations?: WeakMap<object, SourceLocation>): Rule {
  const carry = <T extends object>(from: object, to: T): T => {
    const loc = locations?.get(from);
    if (loc) locations!.set(to, loc);
    return to;
  };
  const param = (p: ParamRef): ParamRef => {
    const { type, index, name, field, fdPath } = p;
    const resolved = params.get(p)?.fdPath === true;
    const copy: ParamRef = { type, ...(index !== undefined ? { index } : {}), ...(name !== undefined ? { name } : {}) };
    if (resolved) copy.fdPath = true;
    else {
      if (field) copy.field = [...field];
      if (fdPath) copy.fdPath = fdPath;
    }
    return carry(p, copy);
  };
  const literal = (l: Literal): Literal => carry(l, { ...l });
  const operand = (o: Operand): Operand => (o.type === 'param' ? param(o) : o.type === 'var' ? carry(o, { ...o }) : literal(o));
  const expr = (e: Expr): Expr => {
    switch (e.type) {
      case 'and':
      case 'or': return carry(e, { type: e.type, left: expr(e.left), right: expr(e.right) });
      case 'not': return carry(e, { type: 'not', expr: expr(e.expr) });
      case 'compare': return carry(e, { type: 'compare', op: e.op, left: operand(e.left), right: operand(e.right) });
      case 'in': return carry(e, { type: 'in', left: operand(e.left), values: e.values.map(literal) });
      case 'flagtest': return carry(e, { type: 'flagtest', left: operand(e.left), mask: e.mask.map(literal) });
    }
  };
  const action = (a: Action): Action => {
    if (a.type !== 'ALTER') return carry(a, { ...a });
    const target = a.target.kind === 'param' ? { kind: 'param' as const, param: param(a.target.param) } : { kind: 'retval' as const };
    return carry(a, { type: 'ALTER', target, value: literal(a.value) });
  };
  const t = rule.trigger;
  const trigger = carry(t, {
    scope: t.scope,
    ...(t.when ? { when: { ...t.when } } : {}),
    ...(t.probability ? { probability: { ...t.probability } } : {}),
    ...(t.maxCount !== undefined ? { maxCount: t.maxCount } : {}),
  });
  return carry(rule, {
    ...(rule.name !== undefined ? { name: rule.name } : {}),
    syscalls: rule.syscalls.map((s) => carry(s, { ...s })),
    phase: rule.phase,
    ...(rule.filter ? { filter: expr(rule.filter) } : {}),
    action: action(rule.action),
    trigger,
    ...(rule.callback ? { callback: rule.callback } : {}),
    ...(rule.loc ? { loc: rule.loc } : {}),
  });
}
