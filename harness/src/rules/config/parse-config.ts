// parseConfig: every rule of a file, and every error in it in one run. After a syntax error the
// parser resynchronises at the next `rule {` (starting there, so locations stay absolute); the
// rules before the broken one are kept by parsing again the text cut just before it.

import type { Diagnostic } from '../../errors.js';
import type { Rule } from '../model.js';
import { nextRuleKeyword } from './resync.js';
import { buildRule } from './build-rule.js';
import type { BuildContext } from './build-context.js';
import type { LocationMap } from './locations.js';
import type { RawRule } from './raw.js';
import { runParser } from './run-parser.js';

export interface ParseResult {
  /** The rules without errors, in file order. */
  rules: Rule[];
  /** Every error found, in file order. */
  diagnostics: Diagnostic[];
  locations: LocationMap;
}

/** Enough for any real file; stops pathological input from costing one parse per error forever. */
const MAX_SYNTAX_ERRORS = 100;

export interface ParseOptions {
  /** Stop resynchronising after this many syntax errors (at most MAX_SYNTAX_ERRORS). */
  maxErrors?: number;
}

export function parseConfig(text: string, source: string, opts: ParseOptions = {}): ParseResult {
  const maxErrors = Math.max(1, Math.min(MAX_SYNTAX_ERRORS, opts.maxErrors ?? MAX_SYNTAX_ERRORS));
  const locations: LocationMap = new WeakMap();
  const diagnostics: Diagnostic[] = [];
  const rules: Rule[] = [];

  const collect = (value: unknown, reports: Diagnostic[]): void => {
    for (const raw of value as RawRule[]) {
      const own = reports.filter((d) => d.loc && d.loc.offset >= raw.loc.offset && d.loc.offset < raw.end);
      const ctx: BuildContext = { locations, diagnostics: [...own] };
      const rule = buildRule(ctx, raw);
      diagnostics.push(...ctx.diagnostics);
      if (rule && ctx.diagnostics.length === 0) rules.push(rule);
    }
  };

  let from = 0;
  for (let errors = 0; errors < maxErrors; errors++) {
    const run = runParser(text, source, 'File', locations, from);
    if (run.ok) {
      collect(run.value, run.reports);
      break;
    }
    diagnostics.push(run.error);
    if (run.ruleStart > from) {
      const before = runParser(text.slice(0, run.ruleStart), source, 'File', locations, from);
      if (before.ok) collect(before.value, before.reports);
    }
    const next = nextRuleKeyword(text, Math.max(run.errorOffset, run.ruleStart + 1));
    if (next === -1) break;
    from = next;
  }
  diagnostics.sort((a, b) => (a.loc?.offset ?? 0) - (b.loc?.offset ?? 0));
  return { rules, diagnostics, locations };
}
