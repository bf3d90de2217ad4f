// Following under a tier-3 (ptrace) rule: every process and thread the program makes is caught.
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWithRules } from '../../../harness/src/engine/run.js';
import { buildPrograms, cmp, FAIL, lines, p, rule, str, type Programs } from './helpers.js';
import { cc, needs } from '../../helpers/host/index.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());
beforeEach(needs(cc));

const WHO = ['main', 'fork', 'vfork-exec', 'thread', 'grandchild', 'untraced', 'reexec'];

describe('following', () => {
  for (const phase of ['after', 'before'] as const) {
    it(`fork, vfork+exec, threads, exec of itself, an orphaned grandchild and CLONE_UNTRACED: every openat is caught (${phase}, ${phase === 'after' ? 'tier 3' : 'tier 2'})`, async () => {
      const target = join(progs.dir, 'follow-target');
      const r = await runWithRules({
        command: progs.bin('follow'),
        args: [target, progs.bin('follow')],
        rules: [rule('openat', FAIL('EACCES'), { phase, filter: cmp('==', p('path'), str(target)) })],
        timeoutMs: 20_000,
      });
      expect(lines(r.stdout).sort()).toEqual(WHO.map((w) => `${w} EACCES`).sort());
      expect(r.counts[0]).toMatchObject({ matched: WHO.length, acted: WHO.length });
    });
  }
});
