import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../../harness/src/engine/compile/index.js';
import type { Rule } from '../../../../harness/src/rules/model.js';
import { and, cmp, FAIL, n, p, rule, str, sym } from './helpers.js';

type Case = [what: string, rules: Rule[], opts: { count?: boolean }, expected: Array<Record<string, number>>, reason?: RegExp];

const CASES: Case[] = [
  ['FAIL without filter', [rule('openat', FAIL())], {}, [{ openat: 1 }], /tier 1: scalar-only, not counted/],
  ['FAIL with a flag filter', [rule('openat', FAIL(), { filter: { type: 'flagtest', left: p('flags'), mask: [sym('O_CREAT')] } })], {}, [{ openat: 1 }]],
  ['FAIL, counted', [rule('openat', FAIL())], { count: true }, [{ openat: 2 }], /counted \(--count\)/],
  ['KILL SIGSYS', [rule('getppid', { type: 'KILL', signal: 'SIGSYS' })], {}, [{ getppid: 1 }]],
  ['KILL SIGKILL', [rule('getppid', { type: 'KILL', signal: 'SIGKILL' })], {}, [{ getppid: 2 }], /SIGKILL/],
  ['FAIL with a path filter', [rule('openat', FAIL(), { filter: cmp('==', p('path'), str('/etc/passwd')) })], {}, [{ openat: 2 }], /reads memory/],
  ['FAIL on fd.path', [rule('read', FAIL(), { filter: cmp('~=', p('fd', { fdPath: true }), str('passwd')) })], {}, [{ read: 2 }]],
  ['FAIL on a process variable', [rule('openat', FAIL(), { filter: cmp('==', { type: 'var', name: 'UID' }, n(0)) })], {}, [{ openat: 2 }]],
  ['FAIL with when', [rule('openat', FAIL(), { trigger: { scope: 'tree', when: { first: 3, step: 0 } } })], {}, [{ openat: 2 }], /trigger/],
  ['LOG', [rule('openat', { type: 'LOG' })], {}, [{ openat: 2 }]],
  ['RETURN', [rule('getppid', { type: 'RETURN', value: 7n })], {}, [{ getppid: 2 }]],
  ['DELAY', [rule('getppid', { type: 'DELAY', us: 10 })], {}, [{ getppid: 2 }]],
  ['SUSPEND before', [rule('connect', { type: 'SUSPEND' })], {}, [{ connect: 2 }]],
  ['ALTER path (memory)', [rule('openat', { type: 'ALTER', target: { kind: 'param', param: p('path') }, value: str('/tmp/x') })], {}, [{ openat: 2 }], /ALTER of memory/],
  ['ALTER write count (register)', [rule('write', { type: 'ALTER', target: { kind: 'param', param: p('count') }, value: n(3) })], {}, [{ write: 3, clone: 3 }]],
  ['FAIL after', [rule('write', FAIL('EIO'), { phase: 'after' })], {}, [{ write: 3 }], /phase after/],
  ['ALTER retval', [rule('getppid', { type: 'ALTER', target: { kind: 'retval' }, value: n(1) }, { phase: 'after' })], {}, [{ getppid: 3 }]],
  ['callback', [{ ...rule('getppid', FAIL()), callback: () => undefined }], {}, [{ getppid: 2 }], /callback/],
  [
    'several tiers on one syscall: all go to the highest',
    [rule('openat', FAIL()), rule('openat', { type: 'LOG' }, { phase: 'after' })],
    {},
    [{ openat: 3 }, { openat: 3 }],
    /raised from tier 1/,
  ],
  [
    'a family: each member placed separately',
    [rule('@open', FAIL()), rule('openat', { type: 'LOG' })],
    {},
    [{ open: 1, openat: 2, creat: 1, openat2: 1 }, { openat: 2 }],
  ],
  ['scalar and string filter together is tier 2', [rule('openat', FAIL(), { filter: and(cmp('==', p('flags'), n(0)), cmp('==', p('path'), str('/x'))) })], {}, [{ openat: 2 }]],
];

describe('tier assignment', () => {
  it.each(CASES)('%s', (_what, rules, opts, expected, reason) => {
    const compiled = compileRules(rules, { arch: 'x86_64', ...opts });
    expected.forEach((tiers, i) => {
      const placed = Object.fromEntries(compiled.summary[i]!.syscalls.map((s) => [s.syscall, s.tier]));
      for (const [name, tier] of Object.entries(tiers)) {
        if (name in placed) expect(placed[name], `${name} of rule ${i + 1}`).toBe(tier);
      }
      for (const name of Object.keys(tiers).filter((k) => !(k in placed) && k !== 'clone')) {
        throw new Error(`rule ${i + 1} does not select ${name}`);
      }
    });
    if (reason) expect(compiled.summary.flatMap((s) => s.syscalls.map((x) => x.reason)).join('\n')).toMatch(reason);
  });

  it('uses ptrace and stops clone only when a tier-3 rule exists', () => {
    const t3 = compileRules([rule('write', FAIL(), { phase: 'after' })], { arch: 'x86_64' });
    expect(t3.needsPtrace).toBe(true);
    expect(t3.needsNotify).toBe(false);
    const t2 = compileRules([rule('openat', { type: 'LOG' })], { arch: 'x86_64' });
    expect(t2.needsPtrace).toBe(false);
    expect(t2.needsNotify).toBe(true);
    const t1 = compileRules([rule('openat', FAIL())], { arch: 'x86_64' });
    expect([t1.needsPtrace, t1.needsNotify, t1.rules.length]).toEqual([false, false, 0]);
    expect(t1.summary[0]!.counted).toBe(false);
    expect(t1.notes.join('\n')).toContain('use --count');
  });

  it('keeps the action type when --count moves a rule to tier 2', () => {
    const c = compileRules([rule('openat', FAIL('ENOENT'))], { arch: 'x86_64', count: true });
    expect(c.rules).toHaveLength(1);
    expect(c.rules[0]!.action).toEqual({ type: 1, errno: 2 });
    expect(c.summary[0]!.counted).toBe(true);
  });
});
