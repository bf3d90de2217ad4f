// The disk is full when the new state is written (ENOSPC on write): the old state must survive.
// The buggy journal ignores write's error and renames an empty state.tmp over state.txt.
import { defineScenario, rule } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

export const journalEnospcWrite = (variant: Variant) =>
  defineScenario({
    name: `journal-enospc-write-${variant}`,
    description: `ENOSPC on the write of state.tmp: journal (${variant}) must keep state.txt as it was`,
    target: { c: './targets/journal.c', defines: variant === 'fixed' ? ['FIXED'] : [], files: { 'state.txt': 'counter=1\n' } },
    rules: [rule.before('write').where({ 'fd.path': /state\.tmp$/ }).fail('ENOSPC').named('disk-full')],
    expect: {
      exit: 1,
      stderr: 'write state.tmp: No space left on device',
      files: { 'state.txt': 'unchanged', 'state.tmp': { exists: false } },
      injected: { 'disk-full': 1 },
    },
  });

export default journalEnospcWrite('fixed');
