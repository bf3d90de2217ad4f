// Durations: '250us' | '10ms' | '2s' | a number of microseconds.

import { UsageError } from '../../errors.js';

const UNIT_US: Readonly<Record<string, number>> = { us: 1, ms: 1_000, s: 1_000_000 };

/** Microseconds, or undefined when `text` is not `<digits>[us|ms|s]` (a bare number is microseconds). */
export function durationToUs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s)?$/.exec(text.trim());
  if (!m) return undefined;
  const us = Number(m[1]) * UNIT_US[m[2] ?? 'us']!;
  return Number.isSafeInteger(Math.round(us)) && Number.isInteger(us) ? us : undefined;
}

export type Duration = string | number;

/** For API arguments: throws a UsageError naming `option` and the value received. */
export function parseDuration(value: Duration, option: string): number {
  const us = typeof value === 'number' ? (Number.isSafeInteger(value) && value >= 0 ? value : undefined) : durationToUs(value);
  if (us === undefined) {
    throw new UsageError(`Expected \`${option}\` to be a duration such as '250us', '10ms', '2s' or a whole number of microseconds, got \`${String(value)}\` (${typeof value})`);
  }
  return us;
}
