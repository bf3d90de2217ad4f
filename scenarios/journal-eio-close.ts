// close reports EIO (an NFS write-back failed): the file is not known to be complete. The buggy
// journal never looks at close's result and replaces state.txt anyway.
import { defineScenario, rule } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

export const journalEioClose = (variant: Variant) =>
  defineScenario({
    name: `journal-eio-close-${variant}`,
    description: `EIO on close of state.tmp: journal (${variant}) must keep state.txt`,
    target: { c: './targets/journal.c', defines: variant === 'fixed' ? ['FIXED'] : [], files: { 'state.txt': 'counter=1\n' } },
    rules: [rule.before('close').where({ 'fd.path': /state\.tmp$/ }).fail('EIO').named('close-eio')],
    expect: {
      exit: 1,
      stderr: 'close state.tmp: Input/output error',
      files: { 'state.txt': 'unchanged' },
      injected: { 'close-eio': 1 },
    },
  });

export default journalEioClose('fixed');
