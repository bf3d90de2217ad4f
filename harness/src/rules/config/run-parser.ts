// One run of the generated parser over a (possibly partly blanked) text. Never throws: a syntax
// error, or a stack overflow on input the depth guard did not foresee, comes back as a Diagnostic.

import type { Diagnostic } from '../../errors.js';
import type { SourceLocation } from '../model.js';
import { PARSE_CODES } from './codes.js';
import { parse, SyntaxError as PeggySyntaxError } from './grammar.js';
import { spanLocations, locationAt, type LocationMap } from './locations.js';
import { syntaxDiagnostic } from './syntax-error.js';

export type StartRule = 'File' | 'FilterOnly';

export type RunResult =
  | { ok: true; value: unknown; reports: Diagnostic[] }
  | { ok: false; error: Diagnostic; errorOffset: number; ruleStart: number };

/**
 * Parse `text` from offset `from` to its end. Starting later (peggy's `peg$currPos` option,
 * the one its library mode uses) keeps every location absolute without rescanning the prefix.
 */
export function runParser(text: string, source: string, startRule: StartRule, locations: LocationMap, from = 0): RunResult {
  const reports = new Map<string, Diagnostic>();
  let ruleStart = from;
  const options = {
    grammarSource: source,
    startRule,
    peg$currPos: from,
    locate(node: object, loc: SourceLocation): void {
      locations.set(node, loc);
    },
    span(node: object, first: object, last: object): void {
      const a = locations.get(first);
      const b = locations.get(last);
      if (a && b) locations.set(node, spanLocations(a, b));
    },
    report(message: string, loc: SourceLocation): void {
      // Backtracking can run an action twice over the same text: keep one report per place.
      reports.set(`${loc.offset}:${message}`, { severity: 'error', code: PARSE_CODES.badValue, message, loc });
    },
    ruleStart(offset: number): void {
      ruleStart = offset;
    },
  };
  try {
    const value: unknown = parse(text, options);
    return { ok: true, value, reports: [...reports.values()] };
  } catch (error) {
    if (error instanceof PeggySyntaxError) {
      return { ok: false, error: syntaxDiagnostic(error, text, source), errorOffset: error.location.start.offset, ruleStart };
    }
    if (error instanceof RangeError) {
      const message = 'Input nested too deeply to parse.';
      const loc = locationAt(text, source, ruleStart, 1);
      return { ok: false, error: { severity: 'error', code: PARSE_CODES.tooDeep, message, loc }, errorOffset: ruleStart, ruleStart };
    }
    throw error;
  }
}
