// The Node program of the same bug: an unguarded readFileSync on a config file it may not read.
import { defineScenario, rule } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

export const configEaccesNode = (variant: Variant) =>
  defineScenario({
    name: `config-eacces-node-${variant}`,
    description: `fail the open of app.json with EACCES: the Node config-reader (${variant}) must go on with defaults`,
    target: { node: './targets/config-reader.mjs', args: variant === 'fixed' ? ['--fixed'] : [], files: { 'app.json': '{"color":"red"}' } },
    rules: [rule.before('@open').where({ path: /app\.json$/ }).fail('EACCES').named('deny-config')],
    expect: {
      exit: 0,
      stderr: 'cannot read app.json: EACCES; using defaults',
      stdout: 'setting color=blue',
      injected: { 'deny-config': 1 },
      maxRunMs: 20_000,
    },
  });

export default configEaccesNode('fixed');
