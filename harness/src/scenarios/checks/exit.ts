// expect.exit, expect.signal and the implicit "did not hang".

import type { Expectations, ScenarioRecord } from '../types.js';

const how = (r: ScenarioRecord): string => (r.signal ? `was killed by ${r.signal}` : `exited with ${r.exitCode}`);

export function checkExit(e: Expectations, r: ScenarioRecord, limitMs: number | undefined): string[] {
  if (r.timedOut) {
    return e.maxRunMs !== undefined
      ? [`maxRunMs: hung: still running after ${e.maxRunMs} ms, killed`]
      : [`target.timeoutMs: timed out after ${limitMs} ms, killed`];
  }
  const out: string[] = [];
  const x = e.exit;
  if (x === 'any-non-crash') {
    if (r.signal) out.push(`exit: expected a normal exit (any code), but the target ${how(r)}`);
  } else if (x !== undefined) {
    const codes = typeof x === 'number' ? [x] : x;
    if (r.exitCode === null || !codes.includes(r.exitCode)) out.push(`exit: expected ${codes.length > 1 ? `one of ${codes.join(', ')}` : codes[0]}, but the target ${how(r)}`);
  }
  if (e.signal === 'none' && r.signal) out.push(`signal: expected none, but the target was killed by ${r.signal}`);
  else if (e.signal !== undefined && e.signal !== 'none' && r.signal !== e.signal) out.push(`signal: expected ${e.signal}, but the target ${how(r)}`);
  return out;
}
