// A short write: the 64 KiB write's count is cut to 1000 bytes. A program that ignores write's
// return value loses the rest; the fixed one writes it in a second call.
import { defineScenario, rule } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

export const shortWrite = (variant: Variant) =>
  defineScenario({
    name: `short-write-${variant}`,
    description: `shrink a write's count so the write is short: save-data (${variant}) must still save all 65536 bytes`,
    target: { c: './targets/save-data.c', defines: variant === 'fixed' ? ['FIXED'] : [] },
    rules: [rule.before('write').where({ count: 65536 }).alter('count', 1000).nth(1).named('shorten')],
    expect: {
      exit: 0,
      files: { 'out.dat': { contains: /END\n$/ } },
      injected: { shorten: 1 },
    },
  });

export default shortWrite('fixed');
