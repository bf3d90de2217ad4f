// Small builders for rules in the model's own shape, for compiler tests.
import type { Action, Expr, Literal, Operand, ParamRef, Rule, Trigger } from '../../../../harness/src/rules/model.js';

export function rule(syscalls: string | string[], action: Action, extra: Partial<Omit<Rule, 'action'>> = {}): Rule {
  const names = Array.isArray(syscalls) ? syscalls : [syscalls];
  return {
    syscalls: names.map((n) => (n.startsWith('@') ? { kind: 'family', name: n.slice(1) } : { kind: 'name', name: n })),
    phase: 'before',
    action,
    trigger: { scope: 'tree' } as Trigger,
    ...extra,
  };
}

export const p = (name: string, more: Partial<ParamRef> = {}): ParamRef => ({ type: 'param', name, ...more });
export const n = (value: bigint | number): Literal => ({ type: 'number', value: BigInt(value) });
export const sym = (name: string): Literal => ({ type: 'symbol', name });
export const str = (value: string): Literal => ({ type: 'string', value });
export const cmp = (op: Extract<Expr, { type: 'compare' }>['op'], left: Operand, right: Operand): Expr => ({ type: 'compare', op, left, right });
export const and = (left: Expr, right: Expr): Expr => ({ type: 'and', left, right });
export const or = (left: Expr, right: Expr): Expr => ({ type: 'or', left, right });
export const not = (expr: Expr): Expr => ({ type: 'not', expr });

export const FAIL = (errno = 'EACCES'): Action => ({ type: 'FAIL', errno });
