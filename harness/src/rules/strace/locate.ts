// Locations inside command-line specs. The specs read as the lines `-e <expr>` and `-P <path>`
// of a text with source `<argv>` (the same text `loadRules` shows), so `formatDiagnostic` can
// underline the offending part.

import type { SourceLocation } from '../model.js';

export const ARGV_SOURCE = '<argv>';

export interface SpecLine {
  /** The spec after `-e ` / `-P `. */
  spec: string;
  line: number;
  /** Offset in the whole text of the spec's first character. */
  offset: number;
  /** 1-based column of the spec's first character. */
  column: number;
}

/** One SpecLine per option, in the order `-e` expressions then `-P` paths. */
export function specLines(expressions: readonly string[], paths: readonly string[]): SpecLine[] {
  const lines = [...expressions.map((e) => ['-e ', e] as const), ...paths.map((p) => ['-P ', p] as const)];
  let offset = 0;
  return lines.map(([flag, spec], i) => {
    const line: SpecLine = { spec, line: i + 1, offset: offset + flag.length, column: flag.length + 1 };
    offset += flag.length + spec.length + 1;
    return line;
  });
}

/** The location of `spec.slice(from, from + length)`. */
export function locate(line: SpecLine, from = 0, length = line.spec.length - from): SourceLocation {
  return { source: ARGV_SOURCE, line: line.line, column: line.column + from, offset: line.offset + from, length: Math.max(1, length) };
}
