// What the grammar returns: rule blocks as lists of entries, before keys are checked.

import type { SourceLocation } from '../model.js';

export interface RawEntry {
  key: string;
  /** The key token. */
  keyLoc: SourceLocation;
  /** Already a model value (Expr, Literal, selector list...), a nested block, or raw text for unknown keys. */
  value: unknown;
  /** The whole entry, key to end of value. */
  loc: SourceLocation;
  /** Set when the key is not one the block knows: the value is raw text. */
  unknown?: true;
}

export interface RawRule {
  /** The `rule` keyword. */
  loc: SourceLocation;
  entries: RawEntry[];
  /** Offset just past the closing brace. */
  end: number;
}
