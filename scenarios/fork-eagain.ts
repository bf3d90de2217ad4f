// fork fails with EAGAIN (the process limit): the program must retry, not carry on as if the
// child had run. The buggy spawner treats -1 as a child's pid and reports "done" without the work.
import { defineScenario, rule } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

export const forkEagain = (variant: Variant) =>
  defineScenario({
    name: `fork-eagain-${variant}`,
    description: `EAGAIN on the first fork/clone: spawner (${variant}) must retry until the child runs`,
    target: { c: './targets/spawner.c', defines: variant === 'fixed' ? ['FIXED'] : [] },
    rules: [rule.before('@fork').fail('EAGAIN').nth(1).named('no-process')],
    expect: {
      exit: 0,
      stdout: ['child ran', 'spawner: done'],
      injected: { 'no-process': 1 },
    },
  });

export default forkEagain('fixed');
