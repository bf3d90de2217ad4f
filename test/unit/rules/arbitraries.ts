// fast-check arbitraries of model objects that every front end can write: no JS callback, no
// `fdPath` (the config language spells it `fd.path`, which the parser leaves as a field), no
// `loc`. Written for the config-language round trip; reuse (or narrow) it for other front ends.

import fc from 'fast-check';
import {
  PROCESS_VARIABLES,
  type Action,
  type AlterTarget,
  type CompareOp,
  type Expr,
  type Literal,
  type Operand,
  type ParamRef,
  type Rule,
  type SyscallSelector,
  type Trigger,
  type VarRef,
  type WhenRange,
} from '../../../harness/src/rules/model.js';

const RESERVED = new Set<string>([...PROCESS_VARIABLES, 'PARAMS']);

/** Lowercase names: syscalls, parameters, struct fields (`in` is an operator). */
export const lowerNameArb = fc.stringMatching(/^[a-z_][a-z0-9_]{0,11}$/).filter((n) => n !== 'in');

/** Uppercase constants: errnos, flags, signals; never a process variable or PARAMS. */
export const symbolNameArb = fc
  .oneof(
    fc.constantFrom('EACCES', 'ENOENT', 'EPERM', 'O_CREAT', 'O_EXCL', 'SIGKILL', 'SIGTERM', 'AF_INET'),
    fc.stringMatching(/^[A-Z][A-Z0-9_]{0,11}$/),
  )
  .filter((n) => !RESERVED.has(n));

export const stringLiteralArb: fc.Arbitrary<Literal> = fc
  .oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 12 }))
  .map((value) => ({ type: 'string', value }));

export const numberLiteralArb: fc.Arbitrary<Literal> = fc
  .bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n })
  .map((value) => ({ type: 'number', value }));

export const symbolLiteralArb: fc.Arbitrary<Literal> = symbolNameArb.map((name) => ({ type: 'symbol', name }));

export const literalArb: fc.Arbitrary<Literal> = fc.oneof(stringLiteralArb, numberLiteralArb, symbolLiteralArb);

const fieldArb = fc.option(fc.array(lowerNameArb, { minLength: 1, maxLength: 2 }), { nil: undefined });

export const paramRefArb: fc.Arbitrary<ParamRef> = fc.oneof(
  fc.record({ index: fc.integer({ min: 1, max: 6 }), field: fieldArb }).map(({ index, field }) => ({
    type: 'param' as const,
    index,
    ...(field && { field }),
  })),
  fc.record({ name: lowerNameArb, field: fieldArb }).map(({ name, field }) => ({
    type: 'param' as const,
    name,
    ...(field && { field }),
  })),
);

export const varRefArb: fc.Arbitrary<VarRef> = fc.constantFrom(...PROCESS_VARIABLES).map((name) => ({ type: 'var', name }));

export const operandArb: fc.Arbitrary<Operand> = fc.oneof(paramRefArb, varRefArb, literalArb);

const compareOpArb = fc.constantFrom<Exclude<CompareOp, '~='>>('==', '!=', '<', '<=', '>', '>=');

const predicateArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.record({ op: compareOpArb, left: operandArb, right: operandArb }).map((c) => ({ type: 'compare' as const, ...c })),
  fc.record({ left: operandArb, right: stringLiteralArb }).map((c) => ({ type: 'compare' as const, op: '~=' as const, ...c })),
  fc.record({ left: operandArb, values: fc.array(literalArb, { minLength: 1, maxLength: 3 }) }).map((c) => ({ type: 'in' as const, ...c })),
  fc
    .record({ left: operandArb, mask: fc.array(fc.oneof(symbolLiteralArb, numberLiteralArb), { minLength: 1, maxLength: 3 }) })
    .map((c) => ({ type: 'flagtest' as const, ...c })),
);

export const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    predicateArb,
    fc.record({ left: tie('expr'), right: tie('expr') }).map((e) => ({ type: 'and' as const, ...e })),
    fc.record({ left: tie('expr'), right: tie('expr') }).map((e) => ({ type: 'or' as const, ...e })),
    tie('expr').map((expr) => ({ type: 'not' as const, expr })),
  ),
})).expr;

export const selectorArb: fc.Arbitrary<SyscallSelector> = fc.oneof(
  lowerNameArb.map((name) => ({ kind: 'name' as const, name })),
  lowerNameArb.map((name) => ({ kind: 'family' as const, name })),
  fc.tuple(fc.boolean(), lowerNameArb).map(([double, name]) => ({ kind: 'class' as const, name: double ? `%${name}` : name })),
);

/** Microseconds, biased towards whole milliseconds and seconds so that every unit is printed. */
export const durationArb = fc.oneof(
  fc.nat(),
  fc.nat({ max: 1_000_000 }).map((ms) => ms * 1_000),
  fc.nat({ max: 100_000 }).map((s) => s * 1_000_000),
);

const targetArb: fc.Arbitrary<AlterTarget> = fc.oneof(
  paramRefArb.map((param) => ({ kind: 'param' as const, param })),
  fc.constant({ kind: 'retval' as const }),
);

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.option(fc.string({ unit: 'binary', maxLength: 20 }), { nil: undefined }).map((format) => ({ type: 'LOG' as const, ...(format !== undefined && { format }) })),
  symbolNameArb.map((errno) => ({ type: 'FAIL' as const, errno })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }).map((value) => ({ type: 'RETURN' as const, value })),
  durationArb.map((us) => ({ type: 'DELAY' as const, us })),
  fc.option(durationArb, { nil: undefined }).map((us) => ({ type: 'SUSPEND' as const, ...(us !== undefined && { us }) })),
  symbolNameArb.map((signal) => ({ type: 'KILL' as const, signal })),
  fc.record({ target: targetArb, value: literalArb }).map((a) => ({ type: 'ALTER' as const, ...a })),
);

const countArb = fc.integer({ min: 1, max: 1_000_000 });

export const whenRangeArb: fc.Arbitrary<WhenRange> = fc
  .record({ first: countArb, span: fc.option(fc.nat({ max: 1000 }), { nil: undefined }), step: fc.option(fc.nat({ max: 100 }), { nil: undefined }) })
  .map(({ first, span, step }) => ({
    first,
    ...(span !== undefined && { last: first + span }),
    ...(step !== undefined && { step }),
  }));

export const triggerArb: fc.Arbitrary<Trigger> = fc
  .record({
    when: fc.option(whenRangeArb, { nil: undefined }),
    probability: fc.option(
      fc.record({ p: fc.double({ min: 0, max: 1, noNaN: true }).map((p) => (p === 0 ? 0 : p)), seed: fc.nat({ max: 0xffffffff }) }),
      { nil: undefined },
    ),
    maxCount: fc.option(countArb, { nil: undefined }),
    scope: fc.constantFrom('tree' as const, 'process' as const, 'thread' as const),
  })
  .map(({ when, probability, maxCount, scope }) => ({
    ...(when && { when }),
    ...(probability && { probability }),
    ...(maxCount !== undefined && { maxCount }),
    scope,
  }));

/** A rule that the config language can express (its printer and parser round-trip it). */
export const ruleArb: fc.Arbitrary<Rule> = fc
  .record({
    name: fc.option(fc.oneof(lowerNameArb, fc.string()), { nil: undefined }),
    syscalls: fc.array(selectorArb, { minLength: 1, maxLength: 3 }),
    phase: fc.constantFrom('before' as const, 'after' as const),
    filter: fc.option(exprArb, { nil: undefined }),
    action: actionArb,
    trigger: triggerArb,
  })
  .map(({ name, filter, ...rest }) => ({ ...(name !== undefined && { name }), ...(filter && { filter }), ...rest }));
