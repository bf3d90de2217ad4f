// `sct crash`: a save by temp file + rename. After a power loss at any point, `data` must hold the
// old contents or the new ones, and the new ones once `saved` was printed. The buggy save never
// fsyncs (the rename can reach the disk before data.tmp's blocks: data is then empty); the
// fsync-file one skips the directory fsync (the rename can be lost after `saved`); the fixed one
// does both (docs/crash.md).
import { defineScenario } from 'syscalltrack';

export type Variant = 'buggy' | 'fsync-file' | 'fixed';

const OLD = 'v1\n';
const NEW = 'v2\n';
const DEFINES: Record<Variant, string[]> = { buggy: [], 'fsync-file': ['FSYNC_FILE'], fixed: ['FIXED'] };

const show = (text: string): string => (text === '' ? '"" (empty)' : /^\0+$/.test(text) ? `${text.length} zero bytes` : JSON.stringify(text));

export const crashSave = (variant: Variant) =>
  defineScenario({
    name: `crash-save-${variant}`,
    description: `power loss during a temp+rename save (${variant}): data must be old or new, and new once "saved" is printed`,
    target: { c: './targets/crash-save.c', defines: DEFINES[variant], files: { data: OLD } },
    rules: [],
    expect: {
      exit: 0,
      stdout: /^saved\n$/,
      files: { data: { contains: /^v2\n$/ }, 'data.tmp': { exists: false } },
    },
    crash: {
      check: (s) => {
        const data = s.read('data');
        const saved = s.stdout.includes('saved');
        const after = saved ? ', though "saved" had been printed' : '';
        if (data === undefined) return `data is missing: the old contents were lost${after}`;
        if (data !== OLD && data !== NEW) return `data is ${show(data)}: the old contents ${show(OLD)} were lost and the new ${show(NEW)} are not there${after}`;
        if (saved && data !== NEW) return `data is still the old ${show(OLD)}, though "saved" had been printed: the acknowledged save was lost`;
        return undefined;
      },
    },
  });

// `sct crash scenarios/crash-save.ts` checks the first (the buggy save); `--scenario crash-save-fixed` the others.
export default crashSave('buggy');
export const scenarios = [crashSave('fsync-file'), crashSave('fixed')];
