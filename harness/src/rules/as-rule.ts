// Where the API takes rules it takes built ones (Rule) and builders (`rule.before('openat')...`)
// alike. Anything else is refused with a typed error naming the fix, not left to fail later as
// `rule.syscalls is not iterable`. Duck-typed on `build()` so that this module imports no builder.

import { SctError } from '../errors.js';
import type { Rule } from './model.js';

/** A RuleBuilder, as far as this module needs to know. */
export interface Buildable {
  build(): Rule;
}

function describe(x: unknown): string {
  if (x === null || typeof x !== 'object') return `\`${String(x)}\` (${x === null ? 'null' : typeof x})`;
  return `an object with keys ${Object.keys(x).map((k) => `\`${k}\``).join(', ') || '(none)'}`;
}

/** `x` as a Rule: built when it is a builder; `what` names it in the error (`rules[2]`). */
export function asRule(x: Rule | Buildable, what = 'rule'): Rule {
  if (typeof x === 'object' && x !== null) {
    if (typeof (x as Buildable).build === 'function') return (x as Buildable).build();
    if (Array.isArray((x as Rule).syscalls) && typeof (x as Rule).action === 'object') return x as Rule;
  }
  throw new InvalidRuleError(`Expected \`${what}\` to be a Rule or a RuleBuilder (rule.before('openat').fail('EACCES')), got ${describe(x)}`);
}

export function asRules(rules: readonly (Rule | Buildable)[], what = 'rules'): Rule[] {
  if (!Array.isArray(rules)) throw new InvalidRuleError(`Expected \`${what}\` to be an array of rules, got ${describe(rules)}`);
  return rules.map((r, i) => asRule(r, `${what}[${i}]`));
}

/** Something that is neither a Rule nor a RuleBuilder was given where rules go. */
export class InvalidRuleError extends SctError {
  readonly code = 'SCT_RULE_TYPE';
}
