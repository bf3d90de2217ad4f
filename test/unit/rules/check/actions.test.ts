import { describe, expect, it } from 'vitest';
import { check } from './helpers.js';

const rule = (sys: string, phase: string, action: string) => check(`syscall_name = ${sys}\nwhen = ${phase}\naction { ${action} }`).messages;

describe('action pass', () => {
  it('accepts actions that make sense in their phase', () => {
    expect(rule('read', 'after', 'type = ALTER ; target = RETVAL ; value = 0')).toEqual([]);
    expect(rule('write', 'before', 'type = ALTER ; target = count ; value = 3')).toEqual([]);
    expect(rule('unlink', 'before', 'type = ALTER ; target = pathname ; value = "/tmp/x"')).toEqual([]);
    expect(rule('connect', 'before', 'type = ALTER ; target = addr.port ; value = 9')).toEqual([]);
    expect(rule('read', 'before', 'type = RETURN ; value = 0')).toEqual([]);
    expect(rule('read', 'after', 'type = RETURN ; value = 0')).toEqual([]);
    expect(rule('read', 'after', 'type = FAIL ; error = EIO')).toEqual([]);
    expect(rule('read', 'before', 'type = KILL ; signal = SIGSEGV')).toEqual([]);
  });
  it('rejects altering a whole sockaddr or the path behind an fd', () => {
    expect(rule('connect', 'before', 'type = ALTER ; target = addr ; value = 1')).toEqual(['SCT_TYPE_MISMATCH: addr is a sockaddr; alter one of its fields']);
    expect(rule('write', 'before', 'type = ALTER ; target = fd.path ; value = "/x"')).toEqual([
      'SCT_TYPE_MISMATCH: fd.path: the path behind a file descriptor cannot be altered; alter the descriptor itself',
    ]);
  });
  it.each([
    ['path == "in.txt"', '"a-much-longer-name.txt"', 'does not fit in "in.txt" (7); ALTER writes in place, so the call would always run unchanged'],
    ['path in ("in.txt", "a-long-enough-name-too.txt")', '"a-much-longer-name.txt"', 'does not fit in "in.txt" (7); ALTER writes in place, so those calls would run unchanged'],
    ['path == "in.txt" && flags & O_CREAT', '"longer.txt"', 'does not fit in "in.txt"'],
    ['PARAMS[2] == "in.txt"', '"longer.txt"', 'does not fit in "in.txt"'],
  ])('warns when the filter pins the path to a shorter string: %s', (filter, value, message) => {
    const r = check(`syscall_name = openat\nfilter_expression { ${filter} }\naction { type = ALTER ; target = path ; value = ${value} }`);
    expect(r.messages).toEqual([expect.stringContaining(`SCT_ALTER_TOO_LONG: ${value} (`)]);
    expect(r.messages[0]).toContain(message);
  });
  it.each([
    ['path == "in.txt"', '"o.txt"'],
    ['path == "input.txt" || path ~= "x"', '"a-much-longer-name.txt"'],
    ['flags & O_CREAT', '"a-much-longer-name.txt"'],
  ])('says nothing when the new string fits or the filter does not pin it: %s', (filter, value) => {
    expect(check(`syscall_name = openat\nfilter_expression { ${filter} }\naction { type = ALTER ; target = path ; value = ${value} }`).messages).toEqual([]);
  });
  it('rejects a signal that is not a signal', () => {
    expect(rule('read', 'before', 'type = KILL ; signal = EIO')).toEqual(['SCT_SYMBOL_KIND: KILL needs a signal, but EIO is an errno']);
  });
});

describe('trigger pass', () => {
  it('accepts what the parser accepts and reports built rules with impossible triggers', async () => {
    const { checkRules } = await import('../../../../harness/src/rules/check/index.js');
    const base = { syscalls: [{ kind: 'name' as const, name: 'read' }], phase: 'before' as const, action: { type: 'FAIL' as const, errno: 'EIO' } };
    const r = checkRules([
      { ...base, trigger: { scope: 'tree', when: { first: 0 }, probability: { p: 2, seed: 1.5 }, maxCount: 0 } },
      { ...base, trigger: { scope: 'thread', when: { first: 5, last: 4 } } },
    ], { arch: 'x86_64' });
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'when: the first occurrence must be a whole number >= 1 (occurrences count from 1), got 0',
      'probability must be in [0, 1], got 2',
      'seed must be an integer, got 1.5',
      'max must be a whole number >= 1, got 0',
      'when: the last occurrence must be >= the first (5), got 4',
    ]);
    expect(new Set(r.diagnostics.map((d) => d.code))).toEqual(new Set(['SCT_BAD_TRIGGER']));
  });
});
