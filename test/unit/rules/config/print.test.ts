import { describe, expect, it } from 'vitest';
import { parseFilterExpression, printConfig, printDuration, printExpr } from '../../../../harness/src/rules/config/index.js';
import { NotRepresentableError } from '../../../../harness/src/errors.js';
import type { Expr } from '../../../../harness/src/rules/model.js';

const cmp = (name: string): Expr => ({ type: 'compare', op: '==', left: { type: 'var', name: 'PID' }, right: { type: 'symbol', name } });

describe('printDuration', () => {
  it.each([
    [250, '250us'],
    [10_000, '10ms'],
    [2_000_000, '2s'],
    [1_500_000, '1500ms'],
    [1_000_001, '1000001us'],
    [0, '0us'],
  ])('%d us is %s', (us, text) => expect(printDuration(us)).toBe(text));
});

describe('printExpr', () => {
  it('puts parentheses only where the tree needs them', () => {
    const [a, b, c] = [cmp('A'), cmp('B'), cmp('C')];
    expect(printExpr({ type: 'or', left: { type: 'or', left: a, right: b }, right: c })).toBe('PID == A || PID == B || PID == C');
    expect(printExpr({ type: 'or', left: a, right: { type: 'or', left: b, right: c } })).toBe('PID == A || (PID == B || PID == C)');
    expect(printExpr({ type: 'and', left: { type: 'or', left: a, right: b }, right: c })).toBe('(PID == A || PID == B) && PID == C');
    expect(printExpr({ type: 'or', left: { type: 'and', left: a, right: b }, right: c })).toBe('PID == A && PID == B || PID == C');
    expect(printExpr({ type: 'not', expr: { type: 'not', expr: a } })).toBe('!!(PID == A)');
  });

  it('escapes strings so that they parse back', () => {
    const value = 'q"b\\s\n\t\r\x00é';
    const text = printExpr({ type: 'compare', op: '~=', left: { type: 'param', name: 'path' }, right: { type: 'string', value } });
    expect(text).toBe('path ~= "q\\"b\\\\s\\n\\t\\x0d\\x00é"');
    expect(parseFilterExpression(text).expr).toMatchObject({ right: { value } });
  });
});

describe('printConfig', () => {
  it('refuses a rule with a JS callback', () => {
    const rule = { syscalls: [{ kind: 'name' as const, name: 'open' }], phase: 'before' as const, action: { type: 'LOG' as const }, trigger: { scope: 'tree' as const }, callback: () => undefined };
    expect(() => printConfig([rule])).toThrow(NotRepresentableError);
  });

  it('writes an fd path as fd.path', () => {
    const filter: Expr = { type: 'compare', op: '==', left: { type: 'param', name: 'fd', fdPath: true }, right: { type: 'string', value: '/x' } };
    expect(printExpr(filter)).toBe('fd.path == "/x"');
  });
});
