// ENOMEM on the program's own 64 MiB mmap; the loader's and libc's small mmaps are spared by a
// size filter. The buggy big-buffer compares with NULL instead of MAP_FAILED and crashes.
import { defineScenario, rule } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

export const mmapEnomem = (variant: Variant) =>
  defineScenario({
    name: `mmap-enomem-${variant}`,
    description: `ENOMEM on the 64 MiB mmap: big-buffer (${variant}) must report it, not crash`,
    target: { c: './targets/big-buffer.c', defines: variant === 'fixed' ? ['FIXED'] : [] },
    rules: [rule.before('mmap').where({ len: 64 * 1024 * 1024 }).fail('ENOMEM').named('no-memory')],
    expect: {
      exit: 3,
      signal: 'none',
      stderr: 'mmap: Cannot allocate memory',
      injected: { 'no-memory': 1 },
    },
  });

export default mmapEnomem('fixed');
