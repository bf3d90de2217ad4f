import { RuleSyntaxError } from '../../errors.js';
import type { Arch } from '../../tables/index.js';
import { checkRules } from '../check/index.js';
import type { Rule } from '../model.js';
import { toRule, type RuleBuilder } from './rule-builder.js';

/** Runs the semantic passes; throws RuleSyntaxError listing every error. Returns the resolved rules. */
export function checkBuilt(rules: readonly (Rule | RuleBuilder)[], arch?: Arch): Rule[] {
  const checked = checkRules(rules.map(toRule), arch ? { arch } : {});
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new RuleSyntaxError(errors);
  return checked.rules;
}
