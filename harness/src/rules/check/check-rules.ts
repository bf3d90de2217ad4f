// Runs the semantic passes over each rule, in order, and returns resolved copies.

import type { Diagnostic } from '../../errors.js';
import { hostArch } from '../../tables/index.js';
import { asRules, type Buildable } from '../as-rule.js';
import type { Rule } from '../model.js';
import { patternCompiler } from '../regex/index.js';
import { FILTER_TOO_DEEP, filterTooDeepMessage, tooDeepNode } from '../filter-depth.js';
import { checkAction } from './actions.js';
import { makeContext, type CheckOptions, type RuleContext } from './context.js';
import { checkLibcAvoids } from './libc-avoids.js';
import { checkLiteralSizes } from './literal-size.js';
import { checkParams } from './params.js';
import { resolveRule } from './resolve.js';
import { checkSelectors } from './selectors.js';
import { checkSymbols } from './symbols.js';
import { checkTrigger } from './trigger.js';
import { checkTypes } from './types.js';

export type RulePass = (ctx: RuleContext) => void;

/** In order: later passes read what earlier ones resolved (selected syscalls, parameter types). */
export const PASSES: readonly RulePass[] = [
  checkLiteralSizes,
  checkSelectors,
  checkLibcAvoids,
  checkParams,
  checkSymbols,
  checkTypes,
  checkAction,
  checkTrigger,
];

export interface CheckResult {
  rules: Rule[];
  diagnostics: Diagnostic[];
  /** True when checking stopped at `maxErrors` errors: the rules after were not checked. */
  stopped: boolean;
}

export function checkRules(input: readonly (Rule | Buildable)[], opts: CheckOptions & { maxErrors?: number } = {}): CheckResult {
  const rules = asRules(input);
  const arch = opts.arch ?? hostArch();
  const diagnostics: Diagnostic[] = [];
  const maxErrors = opts.maxErrors ?? Infinity;
  const resolved: Rule[] = [];
  let errors = 0;
  const regex = patternCompiler('the regular expressions of these rules');
  for (const rule of rules) {
    if (errors >= maxErrors) return { rules: resolved, diagnostics, stopped: true };
    const before = diagnostics.length;
    resolved.push(checkRule(rule, makeContext(rule, arch, opts, diagnostics, regex), opts.locations));
    errors += diagnostics.slice(before).filter((d) => d.severity === 'error').length;
  }
  return { rules: resolved, diagnostics, stopped: false };
}

function checkRule(rule: Rule, ctx: RuleContext, locations: CheckOptions['locations']): Rule {
  const deep = tooDeepNode(rule.filter);
  if (deep) {
    // the passes and resolveRule walk the filter recursively: stop here
    ctx.report(FILTER_TOO_DEEP, filterTooDeepMessage(), deep);
    return rule;
  }
  for (const pass of PASSES) pass(ctx);
  return resolveRule(rule, ctx.params, locations);
}
