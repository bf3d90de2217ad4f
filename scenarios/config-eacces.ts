// A program whose config file cannot be opened (EACCES) must say so and go on, not crash.
// The buggy config-reader passes fopen's NULL to fgets (SIGSEGV); the fixed one uses defaults.
import { defineScenario, rule } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

export const configEacces = (variant: Variant) =>
  defineScenario({
    name: `config-eacces-${variant}`,
    description: `fail the open of app.conf with EACCES: config-reader (${variant}) must not crash`,
    target: { c: './targets/config-reader.c', defines: variant === 'fixed' ? ['FIXED'] : [], files: { 'app.conf': 'color=red\n' } },
    rules: [rule.before('@open').where({ path: /app\.conf$/ }).fail('EACCES').named('deny-config')],
    expect: {
      exit: 'any-non-crash',
      signal: 'none',
      stderr: /cannot open app\.conf: Permission denied/,
      stdout: 'setting color=blue',
      files: { 'app.conf': 'unchanged' },
      injected: { 'deny-config': 1 },
      maxRunMs: 10_000,
    },
  });

export default configEacces('fixed');
