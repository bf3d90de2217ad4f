// `where({ path: /\.conf$/, fd: 1, addr: { port: 8080 }, COMM: ['a', 'b'] })` -> Expr.

import { UsageError } from '../../errors.js';
import { PROCESS_VARIABLES, type Expr, type Literal, type Operand, type ParamRef, type ProcessVariable } from '../model.js';
import { jsRegexToEre } from './js-regex.js';

/** A symbolic constant in a where-object or an ALTER value: `sym('O_CREAT')`. */
export class Sym {
  constructor(readonly name: string) {}
}
export const sym = (name: string): Sym => new Sym(name);

export type WhereScalar = string | number | bigint | Sym;
export type WhereValue = WhereScalar | RegExp | readonly WhereScalar[] | { readonly [field: string]: WhereValue };
export type WhereObject = { readonly [key: string]: WhereValue };

export function toLiteral(v: unknown, what: string): Literal {
  if (typeof v === 'string') return { type: 'string', value: v };
  if (typeof v === 'bigint') return { type: 'number', value: v };
  if (typeof v === 'number' && Number.isSafeInteger(v)) return { type: 'number', value: BigInt(v) };
  if (v instanceof Sym) return { type: 'symbol', name: v.name };
  throw new UsageError(`Expected ${what} to be a string, an integer, a bigint or sym('NAME'), got \`${String(v)}\` (${typeof v})`);
}

/** `count`, `PARAMS[3]`, `addr.port`, `PID`. */
export function operandFromKey(key: string, fields: string[] = []): Operand {
  if (fields.length === 0 && (PROCESS_VARIABLES as readonly string[]).includes(key)) return { type: 'var', name: key as ProcessVariable };
  const [base, ...dotted] = key.split('.');
  const all = [...dotted, ...fields];
  const m = /^PARAMS\[(\d+)\]$/.exec(base!);
  const ref: ParamRef = m ? { type: 'param', index: Number(m[1]) } : { type: 'param', name: base! };
  if (all.length > 0) ref.field = all;
  return ref;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp) && !(v instanceof Sym);

function entryExpr(key: string, value: unknown, fields: string[]): Expr[] {
  const what = `where.${[key, ...fields].join('.')}`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) throw new UsageError(`Expected ${what} to name at least one field, got {}`);
    return keys.flatMap((f) => entryExpr(key, value[f], [...fields, f]));
  }
  const left = operandFromKey(key, fields);
  if (value instanceof RegExp) return [{ type: 'compare', op: '~=', left, right: { type: 'string', value: jsRegexToEre(value) } }];
  if (Array.isArray(value)) {
    if (value.length === 0) throw new UsageError(`Expected ${what} to list at least one value, got []`);
    return [{ type: 'in', left, values: value.map((v, i) => toLiteral(v, `${what}[${i}]`)) }];
  }
  return [{ type: 'compare', op: '==', left, right: toLiteral(value, what) }];
}

export function whereToExpr(obj: WhereObject): Expr {
  const parts = Object.keys(obj).flatMap((k) => entryExpr(k, obj[k], []));
  const [first, ...rest] = parts;
  if (!first) throw new UsageError('Expected where() to get at least one condition, got {}');
  return rest.reduce<Expr>((acc, e) => ({ type: 'and', left: acc, right: e }), first);
}
