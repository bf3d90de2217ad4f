// Literal operands as numbers: integers as written, symbols (EACCES, O_CREAT, AF_INET, SIGKILL)
// from the generated constants. The one place the engine turns a symbol name into a value.

import { errnoByName, lookupConstant, signalByName } from '../tables/index.js';
import type { Literal } from '../rules/model.js';
import { CompileError } from './errors.js';

export function symbolValue(name: string): bigint | undefined {
  const v = lookupConstant(name)?.value ?? errnoByName(name) ?? signalByName(name);
  return v === undefined ? undefined : BigInt(v);
}

export function literalValue(lit: Literal, what: string): bigint {
  if (lit.type === 'number') return lit.value;
  if (lit.type === 'symbol') {
    const v = symbolValue(lit.name);
    if (v === undefined) throw new CompileError(`${what}: unknown constant '${lit.name}'`);
    return v;
  }
  throw new CompileError(`${what}: expected a number, got the string "${lit.value}"`);
}

export function errnoValue(name: string, what: string): number {
  const v = /^\d+$/.test(name) ? Number(name) : errnoByName(name);
  if (v === undefined || v <= 0 || v > 4095) throw new CompileError(`${what}: unknown errno '${name}'`);
  return v;
}

export function signalValue(name: string, what: string): number {
  const v = /^\d+$/.test(name) ? Number(name) : signalByName(name);
  if (v === undefined || v <= 0 || v > 64) throw new CompileError(`${what}: unknown signal '${name}'`);
  return v;
}
