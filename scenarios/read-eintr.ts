// A read interrupted by a signal (EINTR) must be retried. The buggy read-all takes it for the end
// of the input and counts 0 bytes.
import { defineScenario, rule } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

const INPUT = 'twelve bytes';

export const readEintr = (variant: Variant) =>
  defineScenario({
    name: `read-eintr-${variant}`,
    description: `EINTR on the first read of stdin: read-all (${variant}) must retry and count all ${INPUT.length} bytes`,
    target: { c: './targets/read-all.c', defines: variant === 'fixed' ? ['FIXED'] : [], stdin: INPUT },
    rules: [rule.before('read').where({ fd: 0 }).fail('EINTR').nth(1).named('interrupt')],
    expect: {
      exit: 0,
      stdout: `read ${INPUT.length} bytes`,
      injected: { interrupt: 1 },
    },
  });

export default readEintr('fixed');
