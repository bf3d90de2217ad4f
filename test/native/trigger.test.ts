// The trigger arithmetic the module (trigger_ok) and the supervisor (RuleSet::fire) share,
// include/sct/trigger.h, as a table: which match number acts for a first/last/step window, and
// whether max still allows one more action. Built with cc, like the corpus's C reader.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { packageRoot } from '../../harness/src/paths.js';

// n, first, last, step, acted, max -> in the window, below max
const CASES: [string, [number, number, number, number, number, number], string][] = [
  ['every match by default (first 0 reads as 1)', [1, 0, 0, 0, 0, 0], '1 1'],
  ['first 3: match 2 does not act', [2, 3, 0, 1, 0, 0], '0 1'],
  ['first 3: match 3 acts', [3, 3, 0, 1, 0, 0], '1 1'],
  ['last 3: match 4 does not act', [4, 1, 3, 1, 0, 0], '0 1'],
  ['last 3: match 3 acts', [3, 1, 3, 1, 0, 0], '1 1'],
  ['step 2 from 1: match 3 acts', [3, 1, 0, 2, 0, 0], '1 1'],
  ['step 2 from 1: match 4 does not', [4, 1, 0, 2, 0, 0], '0 1'],
  ['step 2 from first 0 (read as 1): match 3 acts', [3, 0, 0, 2, 0, 0], '1 1'],
  ['step 3 from 2: match 5 acts', [5, 2, 0, 3, 0, 0], '1 1'],
  ['step 0 reads as 1', [7, 2, 0, 0, 0, 0], '1 1'],
  ['max 2 after 1 action: one more', [9, 1, 0, 1, 1, 2], '1 1'],
  ['max 2 after 2 actions: no more', [9, 1, 0, 1, 2, 2], '1 0'],
  ['max 0: no limit', [9, 1, 0, 1, 1000, 0], '1 1'],
];

it('include/sct/trigger.h decides each row of the table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sct-trigger-'));
  try {
    const bin = join(dir, 'trigger-decide');
    execFileSync('cc', ['-O2', '-std=c99', '-Wall', '-Wextra', '-Werror', '-Iinclude', '-o', bin, 'test/native/helpers/trigger-decide.c'], { cwd: packageRoot(), stdio: 'pipe' });
    const out = execFileSync(bin, { input: CASES.map(([, row]) => row.join(' ')).join('\n') + '\n', encoding: 'utf8' }).trim().split('\n');
    expect(CASES.map(([name], i) => `${name}: ${out[i]}`)).toEqual(CASES.map(([name, , want]) => `${name}: ${want}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
