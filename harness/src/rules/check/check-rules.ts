// Runs the semantic passes over each rule, in order, and returns resolved copies.

import type { Diagnostic } from '../../errors.js';
import { hostArch } from '../../tables/index.js';
import { asRules, type Buildable } from '../as-rule.js';
import type { Rule } from '../model.js';
import { checkAction } from './actions.js';
import { makeContext, type CheckOptions, type RuleContext } from './context.js';
import { checkLibcAvoids } from './libc-avoids.js';
import { checkParams } from './params.js';
import { resolveRule } from './resolve.js';
import { checkSelectors } from './selectors.js';
import { checkSymbols } from './symbols.js';
import { checkTrigger } from './trigger.js';
import { checkTypes } from './types.js';

export type RulePass = (ctx: RuleContext) => void;

/** In order: later passes read what earlier ones resolved (selected syscalls, parameter types). */
export const PASSES: readonly RulePass[] = [
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
}

export function checkRules(input: readonly (Rule | Buildable)[], opts: CheckOptions = {}): CheckResult {
  const rules = asRules(input);
  const arch = opts.arch ?? hostArch();
  const diagnostics: Diagnostic[] = [];
  const resolved = rules.map((rule) => {
    const ctx = makeContext(rule, arch, opts, diagnostics);
    for (const pass of PASSES) pass(ctx);
    return resolveRule(rule, ctx.params, opts.locations);
  });
  return { rules: resolved, diagnostics };
}
