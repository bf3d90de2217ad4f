// Where each model node came from. Semantic passes look nodes up here to point at the token.

import type { SourceLocation } from '../model.js';

export type LocationMap = WeakMap<object, SourceLocation>;

/** The location running from the start of `first` to the end of `last`. */
export function spanLocations(first: SourceLocation, last: SourceLocation): SourceLocation {
  const end = Math.max(first.offset + first.length, last.offset + last.length);
  return { ...first, length: Math.max(1, end - first.offset) };
}

/** 1-based line and column of an offset, counting lines by `\n` as peggy does. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

export function locationAt(text: string, source: string, offset: number, length: number): SourceLocation {
  return { source, ...positionAt(text, offset), offset, length: Math.max(1, length) };
}
