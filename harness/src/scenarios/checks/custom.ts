// expect.check: a function whose result says whether the run passed. `true`, `undefined` (or
// nothing) pass; `false` fails, as in vitest and fast-check; a string fails with that string as
// the reason; a throw fails with its message; any other value fails as a type error, since a
// check that returns a number or an object has most likely returned the wrong thing.

import type { Expectations, ScenarioRecord } from '../types.js';

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array (${JSON.stringify(v).slice(0, 60)})`;
  if (typeof v === 'object') return `an object (${Object.prototype.toString.call(v)})`;
  return `\`${String(v)}\` (${typeof v})`;
}

export async function checkCustom(check: Expectations['check'], r: ScenarioRecord): Promise<string[]> {
  if (!check) return [];
  let res: unknown;
  try {
    res = await check(r);
  } catch (error) {
    return [`check: threw ${error instanceof Error ? error.message : String(error)}`];
  }
  if (res === undefined || res === true) return [];
  if (res === false) return ['check: returned false'];
  if (typeof res === 'string') return [`check: ${res === '' ? 'returned an empty string' : res}`];
  return [`check: type error: expected true, false, undefined or a string (the reason to fail), got ${describeValue(res)}`];
}
