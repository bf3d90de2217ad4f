// expect.check: a function that returns (or throws) the reason to fail.

import type { Expectations, ScenarioRecord } from '../types.js';

export async function checkCustom(check: Expectations['check'], r: ScenarioRecord): Promise<string[]> {
  if (!check) return [];
  try {
    const res = await check(r);
    return typeof res === 'string' && res !== '' ? [`check: ${res}`] : [];
  } catch (error) {
    return [`check: threw ${error instanceof Error ? error.message : String(error)}`];
  }
}
