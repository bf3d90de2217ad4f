// The seccomp filter, run by the BPF interpreter over synthetic seccomp_data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules, runBpf, seccompAction, type SeccompData } from '../../../../harness/src/engine/compile/index.js';
import { AUDIT_ARCH, errnoByName, i386SyscallNr, lookupConstant, lookupSyscall, X32_SYSCALL_BIT } from '../../../../harness/src/tables/index.js';
import type { Rule } from '../../../../harness/src/rules/model.js';
import { and, cmp, FAIL, n, not, or, p, rule, str, sym } from './helpers.js';

const nr = (name: string): number => lookupSyscall(name, 'x86_64')!.nr;
const x64 = (name: string, args: bigint[] = []): SeccompData => ({ arch: AUDIT_ARCH.X86_64, nr: nr(name), args });
const EACCES = errnoByName('EACCES')!;

function decide(rules: Rule[], data: SeccompData, opts = {}): string {
  const { bpf } = compileRules(rules, { arch: 'x86_64', ...opts });
  const { action, data: d } = seccompAction(runBpf(bpf, data).ret);
  return action === 'errno' ? `errno ${d}` : action;
}

describe('BPF decisions', () => {
  const O_CREAT = BigInt(lookupConstant('O_CREAT')!.value);
  const AT_FDCWD = BigInt(lookupConstant('AT_FDCWD')?.value ?? -100);

  type Case = [what: string, rules: Rule[], data: SeccompData, expected: string];
  const CASES: Case[] = [
    ['unnamed syscall is allowed', [rule('openat', FAIL())], x64('getppid'), 'allow'],
    ['tier-1 FAIL', [rule('openat', FAIL())], x64('openat'), `errno ${EACCES}`],
    ['tier-1 KILL SIGSYS', [rule('openat', { type: 'KILL', signal: 'SIGSYS' })], x64('openat'), 'kill_process'],
    ['tier-2 LOG notifies', [rule('openat', { type: 'LOG' })], x64('openat'), 'user_notif'],
    ['tier-2 FAIL with path', [rule('openat', FAIL(), { filter: cmp('==', p('path'), str('/x')) })], x64('openat'), 'user_notif'],
    ['tier-3 after rule traces', [rule('write', FAIL(), { phase: 'after' })], x64('write'), 'trace'],
    ['clone traced under ptrace', [rule('write', FAIL(), { phase: 'after' })], x64('clone'), 'trace'],
    ['clone3 traced under ptrace', [rule('write', FAIL(), { phase: 'after' })], x64('clone3'), 'trace'],
    ['clone allowed without ptrace', [rule('write', { type: 'LOG' })], x64('clone'), 'allow'],
    ['flag set: matches', [rule('openat', FAIL(), { filter: { type: 'flagtest', left: p('flags'), mask: [sym('O_CREAT')] } })], x64('openat', [0n, 0n, O_CREAT]), `errno ${EACCES}`],
    ['flag clear: allowed', [rule('openat', FAIL(), { filter: { type: 'flagtest', left: p('flags'), mask: [sym('O_CREAT')] } })], x64('openat', [0n, 0n, 0n]), 'allow'],
    ['32-bit arg ignores the high half', [rule('openat', FAIL(), { filter: cmp('==', p('dfd'), n(AT_FDCWD)) })], x64('openat', [0xdead_0000_0000_0000n | BigInt.asUintN(32, AT_FDCWD)]), `errno ${EACCES}`],
    ['negative constant vs 32-bit register', [rule('openat', FAIL(), { filter: cmp('==', p('dfd'), n(-100)) })], x64('openat', [0xffffff9cn]), `errno ${EACCES}`],
    ['second rule wins when the first does not match', [rule('openat', FAIL(), { filter: cmp('==', p('flags'), n(1)) }), rule('openat', FAIL('ENOENT'))], x64('openat', [0n, 0n, 0n]), `errno ${errnoByName('ENOENT')}`],
    ['first matching rule wins', [rule('openat', FAIL()), rule('openat', FAIL('ENOENT'))], x64('openat'), `errno ${EACCES}`],
    ['not', [rule('openat', FAIL(), { filter: not(cmp('==', p('flags'), n(0))) })], x64('openat', [0n, 0n, 0n]), 'allow'],
    ['or', [rule('read', FAIL(), { filter: or(cmp('==', p('fd'), n(5)), cmp('==', p('fd'), n(7))) })], x64('read', [7n]), `errno ${EACCES}`],
    ['and', [rule('read', FAIL(), { filter: and(cmp('==', p('fd'), n(5)), cmp('>', p('count'), n(100))) })], x64('read', [5n, 0n, 50n]), 'allow'],
    ['in', [rule('read', FAIL(), { filter: { type: 'in', left: p('fd'), values: [n(3), n(4), n(9)] } })], x64('read', [9n]), `errno ${EACCES}`],
    ['signed int < 0', [rule('read', FAIL(), { filter: cmp('<', p('fd'), n(0)) })], x64('read', [0xffffffffn]), `errno ${EACCES}`],
    ['other arch is killed', [rule('openat', FAIL())], { arch: AUDIT_ARCH.AARCH64, nr: 56 }, 'kill_process'],
    ['x32 call is killed', [rule('openat', FAIL())], { arch: AUDIT_ARCH.X86_64, nr: nr('getppid') | X32_SYSCALL_BIT }, 'kill_process'],
    ['i386 call mapped by name', [rule('getppid', FAIL())], { arch: AUDIT_ARCH.I386, nr: i386SyscallNr('getppid')! }, `errno ${EACCES}`],
    ['i386 call with the x86_64 number is not matched', [rule('getppid', FAIL())], { arch: AUDIT_ARCH.I386, nr: nr('getppid') }, 'allow'],
    ['i386 tier-2 call notifies', [rule('getppid', { type: 'LOG' })], { arch: AUDIT_ARCH.I386, nr: i386SyscallNr('getppid')! }, 'user_notif'],
    ['i386 tier-3 call is killed', [rule('getppid', { type: 'LOG' }, { phase: 'after' })], { arch: AUDIT_ARCH.I386, nr: i386SyscallNr('getppid')! }, 'kill_process'],
  ];

  it.each(CASES)('%s', (_what, rules, data, expected) => {
    expect(decide(rules, data)).toBe(expected);
  });

  it('--count sends tier-1 rules to the supervisor', () => {
    expect(decide([rule('openat', FAIL())], x64('openat'), { count: true })).toBe('user_notif');
  });

  it('says in its notes that i386 tier-3 calls are killed', () => {
    const c = compileRules([rule('write', FAIL(), { phase: 'after' })], { arch: 'x86_64' });
    expect(c.notes.join('\n')).toMatch(/i386.*write.*killed/);
  });

  it('routes every one of many syscalls (binary search) and nothing else', () => {
    const names = ['read', 'write', 'openat', 'close', 'getppid', 'mmap', 'connect', 'socket', 'unlinkat', 'mkdirat', 'fstat', 'dup'];
    const rules = names.map((name, i) => rule(name, FAIL(i % 2 ? 'EACCES' : 'EPERM')));
    const { bpf } = compileRules(rules, { arch: 'x86_64' });
    names.forEach((name, i) => {
      const { action, data } = seccompAction(runBpf(bpf, x64(name)).ret);
      expect([name, action, data]).toEqual([name, 'errno', errnoByName(i % 2 ? 'EACCES' : 'EPERM')]);
    });
    for (let k = 0; k < 450; k++) {
      if (names.some((name) => nr(name) === k)) continue;
      expect(seccompAction(runBpf(bpf, { arch: AUDIT_ARCH.X86_64, nr: k }).ret).action, `nr ${k}`).toBe('allow');
    }
    // Binary search: an unnamed call runs a handful of instructions, not one test per rule.
    expect(runBpf(bpf, x64('getpid')).steps).toBeLessThanOrEqual(12);
  });

  // 64-bit arguments are compared as two 32-bit halves; check against BigInt arithmetic.
  it.each(['==', '!=', '<', '<=', '>', '>='] as const)('64-bit %s on a size argument agrees with BigInt', (op) => {
    const edge = fc.constantFrom(0n, 1n, 0xffffffffn, 0x100000000n, 0x1_0000_0001n, 0xffff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n);
    const u64 = fc.oneof(edge, fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));
    fc.assert(
      fc.property(u64, u64, (k, v) => {
        const got = decide([rule('read', FAIL(), { filter: cmp(op, p('count'), n(k)) })], x64('read', [0n, 0n, v]));
        const want = { '==': v === k, '!=': v !== k, '<': v < k, '<=': v <= k, '>': v > k, '>=': v >= k }[op];
        expect(got).toBe(want ? `errno ${EACCES}` : 'allow');
      }),
      { numRuns: 150 },
    );
  });

  it.each(['<', '<=', '>', '>='] as const)('signed 64-bit %s on an off_t argument agrees with BigInt', (op) => {
    const s64 = fc.oneof(fc.constantFrom(-1n, 0n, 1n, -(1n << 63n), (1n << 63n) - 1n, -0x1_0000_0000n, 0xffff_ffffn), fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }));
    fc.assert(
      fc.property(s64, s64, (k, v) => {
        const got = decide([rule('lseek', FAIL(), { filter: cmp(op, p('offset'), n(k)) })], x64('lseek', [0n, BigInt.asUintN(64, v)]));
        const want = { '<': v < k, '<=': v <= k, '>': v > k, '>=': v >= k }[op];
        expect(got).toBe(want ? `errno ${EACCES}` : 'allow');
      }),
      { numRuns: 150 },
    );
  });
});

describe('BPF pre-check of tier-2/3 rules', () => {
  const O_CREAT = BigInt(lookupConstant('O_CREAT')!.value);
  const creatAndPath = and({ type: 'flagtest', left: p('flags'), mask: [sym('O_CREAT')] }, cmp('==', p('path'), str('/x')));

  it('allows in the kernel the calls no rule\'s scalar part can match', () => {
    const rules = [rule('openat', FAIL(), { filter: creatAndPath })];
    expect(decide(rules, x64('openat', [0n, 0n, 0n]))).toBe('allow');
    expect(decide(rules, x64('openat', [0n, 0n, O_CREAT]))).toBe('user_notif');
  });

  it('notifies every call when one rule on the syscall has no scalar part', () => {
    const rules = [rule('openat', FAIL(), { filter: creatAndPath }), rule('openat', { type: 'LOG' })];
    expect(decide(rules, x64('openat', [0n, 0n, 0n]))).toBe('user_notif');
  });

  it('pre-checks tier 3 too, but never the clone that ptrace follows', () => {
    const rules = [rule('write', FAIL(), { phase: 'after', filter: cmp('==', p('count'), n(11)) }), rule('clone', FAIL(), { phase: 'after', filter: cmp('==', { type: 'param', index: 1 }, n(1)) })];
    expect(decide(rules, x64('write', [1n, 0n, 10n]))).toBe('allow');
    expect(decide(rules, x64('write', [1n, 0n, 11n]))).toBe('trace');
    expect(decide(rules, x64('clone', [0n]))).toBe('trace');
  });

  it('pre-checks i386 tier-2 calls with 32-bit arguments', () => {
    const rules = [rule('getppid', { type: 'LOG' }), rule('read', { type: 'LOG' }, { filter: cmp('==', p('fd'), n(7)) })];
    const read32 = i386SyscallNr('read')!;
    expect(decide(rules, { arch: AUDIT_ARCH.I386, nr: read32, args: [7n] })).toBe('user_notif');
    expect(decide(rules, { arch: AUDIT_ARCH.I386, nr: read32, args: [8n] })).toBe('allow');
  });
});
