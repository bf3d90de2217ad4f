// strace's `when=` expression: N (only the Nth), N+ (from N on), N+S (every S-th from N), and
// sct's N..M and N..M+S. Same shapes as the config language's `when`.

import type { WhenRange } from '../model.js';

export const MAX_OCCURRENCE = 65535;

export function parseWhen(text: string): WhenRange | { error: string } {
  const m = /^(\d+)(?:\.\.(\d+)?)?(?:\+(\d*))?$/.exec(text);
  if (!m) return { error: `invalid when= expression '${text}'; expected N, N+, N+S, N..M or N..M+S` };
  const [, f, l, s] = m;
  const first = Number(f);
  if (first < 1 || first > MAX_OCCURRENCE) return { error: `when=: the first occurrence must be from 1 to ${MAX_OCCURRENCE}, got ${f}` };
  const range: WhenRange = { first };
  const hasRange = text.includes('..');
  const hasStep = text.includes('+');
  if (!hasRange && !hasStep) return { first, step: 0 };
  if (l !== undefined) {
    const last = Number(l);
    if (last < first || last > MAX_OCCURRENCE) return { error: `when=: the last occurrence must be from ${first} to ${MAX_OCCURRENCE}, got ${l}` };
    range.last = last;
  }
  if (s !== undefined && s !== '') {
    const step = Number(s);
    if (step > MAX_OCCURRENCE) return { error: `when=: the step must be at most ${MAX_OCCURRENCE}, got ${s}` };
    range.step = step;
  }
  return range;
}
