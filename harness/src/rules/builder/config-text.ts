// Between builder rules and the config language.

import { NotRepresentableError, RuleSyntaxError } from '../../errors.js';
import { parseConfig, printConfig } from '../config/index.js';
import type { Rule } from '../model.js';
import { toRule, type RuleBuilder } from './rule-builder.js';

export function toConfigText(rules: readonly (Rule | RuleBuilder)[]): string {
  const built = rules.map(toRule);
  built.forEach((r, i) => {
    if (r.callback) {
      const which = r.name !== undefined ? `'${r.name}'` : `#${i + 1} (${r.syscalls.map((s) => s.name).join(', ')})`;
      throw new NotRepresentableError(`rule ${which} has a JS callback, which the config language cannot express; keep it in TypeScript`);
    }
  });
  return printConfig(built);
}

/** Parses config text; throws RuleSyntaxError (with the text, for formatting) on any error. */
export function fromConfigText(text: string, source = '<config>'): Rule[] {
  const parsed = parseConfig(text, source);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new RuleSyntaxError(errors, text);
  return parsed.rules;
}
