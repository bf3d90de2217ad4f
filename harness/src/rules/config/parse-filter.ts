// A filter expression on its own, as written inside `filter_expression { ... }`.

import type { Diagnostic } from '../../errors.js';
import type { Expr } from '../model.js';
import type { LocationMap } from './locations.js';
import { runParser } from './run-parser.js';

export function parseFilterExpression(
  text: string,
  source = '<filter>',
): { expr?: Expr; diagnostics: Diagnostic[]; locations: LocationMap } {
  const locations: LocationMap = new WeakMap();
  const run = runParser(text, source, 'FilterOnly', locations);
  if (!run.ok) return { diagnostics: [run.error], locations };
  if (run.reports.length > 0) return { diagnostics: run.reports, locations };
  return { expr: run.value as Expr, diagnostics: [], locations };
}
