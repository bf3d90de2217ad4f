import type { TextMatcher } from '../types.js';

export const list = <T>(x: T | readonly T[] | undefined): readonly T[] => (x === undefined ? [] : Array.isArray(x) ? (x as readonly T[]) : [x as T]);

export const matches = (text: string, m: TextMatcher): boolean => (typeof m === 'string' ? text.includes(m) : m.test(text));

export const showMatcher = (m: TextMatcher): string => (typeof m === 'string' ? JSON.stringify(m) : String(m));

/** The text for a message: quoted, cut to `max` characters. */
export function excerpt(text: string, max = 200): string {
  const t = text.length > max ? `${text.slice(0, max)}...` : text;
  return t === '' ? '(empty)' : JSON.stringify(t);
}
