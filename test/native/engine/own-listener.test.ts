// Issue #13, point 2: with only `after` rules (tier 3), a target that installs its own
// user-notification filter and answers CONTINUE would run the call past the tracer (a user
// notification outranks RET_TRACE). sct installs its own listener in every run with a filter, so
// the target's NEW_LISTENER gets EBUSY and the rule still applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWithRules } from '../../../harness/src/engine/run.js';
import { buildPrograms, cmp, FAIL, lines, p, rule, str, type Programs } from './helpers.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());

describe('a target with its own seccomp listener', () => {
  it('gets EBUSY under tier-3-only rules, and the after rule still fails its openat', async () => {
    const r = await runWithRules({
      command: progs.bin('own_listener'),
      args: ['/etc/hostname'],
      rules: [rule('openat', FAIL('EACCES'), { phase: 'after', filter: cmp('==', p('path'), str('/etc/hostname')) })],
    });
    expect(r.summary.map((s) => s.tier)).toEqual([3]);
    expect(lines(r.stdout)).toEqual(['listener EBUSY', 'open /etc/hostname = -1 EACCES']);
    expect(r.exitCode).toBe(0);
  });
});
