import type { ByteSet } from './byte-set.js';

/** A parsed ERE. `max` of -1 means unbounded. */
export type RegexNode =
  | { k: 'set'; set: ByteSet }
  | { k: 'seq'; items: RegexNode[] }
  | { k: 'alt'; items: RegexNode[] }
  | { k: 'rep'; node: RegexNode; min: number; max: number }
  | { k: 'bol' }
  | { k: 'eol' };

/** RE_DUP_MAX: the largest count accepted in `{m,n}`. */
export const MAX_REPEAT = 255;
