// fsync reports ENOSPC (delayed allocation failed): the data never reached the disk, so the new
// state must not replace the old one. The buggy journal ignores fsync and renames: a lost update.
import { defineScenario, rule } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

export const journalEnospcFsync = (variant: Variant) =>
  defineScenario({
    name: `journal-enospc-fsync-${variant}`,
    description: `ENOSPC on fsync of state.tmp: journal (${variant}) must not report the update as saved`,
    target: { c: './targets/journal.c', defines: variant === 'fixed' ? ['FIXED'] : [], files: { 'state.txt': 'counter=1\n' } },
    rules: [rule.before('fsync').fail('ENOSPC').named('fsync-fails')],
    expect: {
      exit: 1,
      stdout: { excludes: 'saved' },
      stderr: 'fsync state.tmp: No space left on device',
      files: { 'state.txt': 'unchanged' },
      injected: { 'fsync-fails': 1 },
    },
  });

export default journalEnospcFsync('fixed');
