// getrandom fails (ENOSYS on an old kernel, EAGAIN before the pool is ready): a token generator
// must not print a predictable token. The buggy token prints 32 zeros.
import { defineScenario, rule } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

export const getrandomFails = (variant: Variant) =>
  defineScenario({
    name: `getrandom-fails-${variant}`,
    description: `getrandom fails with ENOSYS: token (${variant}) must still print a random token`,
    target: { c: './targets/token.c', defines: variant === 'fixed' ? ['FIXED'] : [] },
    rules: [rule.before('getrandom').fail('ENOSYS').named('no-getrandom')],
    expect: {
      exit: 0,
      stdout: { includes: /token: [0-9a-f]{32}\n/, excludes: /token: 0{32}/ },
      injected: { 'no-getrandom': { min: 1 } },
    },
  });

export default getrandomFails('fixed');
