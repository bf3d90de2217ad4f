// expect.stdout and expect.stderr.

import type { OutputExpectation, TextMatcher } from '../types.js';
import { excerpt, list, matches, showMatcher } from './text.js';

export function checkOutput(field: 'stdout' | 'stderr', e: OutputExpectation | undefined, text: string): string[] {
  if (e === undefined) return [];
  const spec = typeof e === 'string' || e instanceof RegExp || Array.isArray(e) ? { includes: e as TextMatcher | readonly TextMatcher[] } : (e as { includes?: TextMatcher | readonly TextMatcher[]; excludes?: TextMatcher | readonly TextMatcher[] });
  const out: string[] = [];
  for (const m of list(spec.includes)) if (!matches(text, m)) out.push(`${field}: expected to ${typeof m === 'string' ? 'contain' : 'match'} ${showMatcher(m)}, got ${excerpt(text)}`);
  for (const m of list(spec.excludes)) if (matches(text, m)) out.push(`${field}: expected not to ${typeof m === 'string' ? 'contain' : 'match'} ${showMatcher(m)}, got ${excerpt(text)}`);
  return out;
}
