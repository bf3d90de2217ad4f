// SCT_OP_PUSH_ARG's width (sct/prog.h, enum sct_arg_width): a 32-bit argument is read from the low
// half of its 64-bit register, sign- or zero-extended by its type; 64-bit ones as they are. The
// caller may leave anything in the high half (a 32-bit mov zero-extends: kill(-1, 0) can arrive as
// 0x00000000ffffffff), so `pid <= 0` must match both spellings of -1, in tier 2 as in tier 1.
import { describe, expect, it } from 'vitest';
import { compileRules, runBpf, seccompAction } from '../../../harness/src/engine/compile/index.js';
import { compileFilter } from '../../../harness/src/filter/index.js';
import { argWidthCode } from '../../../harness/src/filter/prog-compile.js';
import { decodeProg } from '../../../harness/src/filter/prog-encode.js';
import { ArgW, Op } from '../../../harness/src/filter/prog-format.js';
import { evalProg, readArg } from '../../../harness/src/filter/prog-interp.js';
import { AUDIT_ARCH, lookupSyscall } from '../../../harness/src/tables/index.js';
import type { Expr } from '../../../harness/src/rules/model.js';
import { cmp, FAIL, n, p, rule } from '../engine/compile/helpers.js';

const entry = (name: string) => lookupSyscall(name, 'x86_64')!;
/** Tier 1's decision (the BPF filter run on seccomp_data): true when the rule fails the call. */
function bpfFails(bpf: Uint8Array, syscall: string, args: bigint[]): boolean {
  return seccompAction(runBpf(bpf, { arch: AUDIT_ARCH.X86_64, nr: entry(syscall).nr, args }).ret).action === 'errno';
}
const M32 = 0xffffffffn;
const M64 = 0xffffffffffffffffn;

/** The PUSH_ARG instructions of a compiled filter. */
const pushes = (blob: Uint8Array) => decodeProg(blob).insns.filter((i) => i.op === Op.PUSH_ARG);

describe('PUSH_ARG width', () => {
  it('reads the register raw, as a sign-extended or a zero-extended low half', () => {
    expect(readArg(M32, ArgW.RAW)).toBe(M32);
    expect(readArg(M64, ArgW.RAW)).toBe(-1n);
    expect(readArg(M32, ArgW.S32)).toBe(-1n);
    expect(readArg(M64, ArgW.S32)).toBe(-1n);
    expect(readArg(0x1234567800000005n, ArgW.S32)).toBe(5n);
    expect(readArg(M64, ArgW.U32)).toBe(M32);
    expect(readArg(0xffffffff00000003n, ArgW.U32)).toBe(3n);
  });

  it('the compiler picks the width from the argument type', () => {
    expect(pushes(compileFilter(cmp('<=', p('pid'), n(0)), entry('kill')))[0]!.b).toBe(ArgW.S32);
    expect(pushes(compileFilter(cmp('==', p('whence'), n(1)), entry('lseek')))[0]!.b).toBe(ArgW.U32);
    expect(pushes(compileFilter(cmp('>', p('count'), n(10)), entry('write')))[0]!.b).toBe(ArgW.RAW);
    expect(pushes(compileFilter(cmp('<', p('offset'), n(0)), entry('lseek')))[0]!.b).toBe(ArgW.RAW);
    // i386: every argument is 32 bits; a pointer or size_t is then zero-extended.
    expect(pushes(compileFilter(cmp('>', p('count'), n(10)), entry('write'), true))[0]!.b).toBe(ArgW.U32);
    expect(argWidthCode({ bits: 32, signed: true })).toBe(ArgW.S32);
  });

  it('literals keep their value: -1 against a pid is -1, not 0xffffffff', () => {
    const ins = decodeProg(compileFilter(cmp('<=', p('pid'), n(-1)), entry('kill'))).insns;
    expect(ins.find((i) => i.op === Op.PUSH_IMM)!.imm).toBe(-1n);
    expect(ins.find((i) => i.op === Op.CMP)!.b).toBe(0); // signed
  });
});

type Case = [what: string, syscall: string, filter: Expr, args: bigint[], expected: boolean];
const CASES: Case[] = [
  ['kill pid <= 0: 32-bit -1', 'kill', cmp('<=', p('pid'), n(0)), [M32, 0n], true],
  ['kill pid <= 0: 64-bit -1', 'kill', cmp('<=', p('pid'), n(0)), [M64, 0n], true],
  ['kill pid <= 0: 0', 'kill', cmp('<=', p('pid'), n(0)), [0n, 0n], true],
  ['kill pid <= 0: 5', 'kill', cmp('<=', p('pid'), n(0)), [5n, 0n], false],
  ['kill pid <= 0: 5 with garbage above', 'kill', cmp('<=', p('pid'), n(0)), [0xdead000000000005n, 0n], false],
  ['kill pid == -1: 32-bit -1', 'kill', cmp('==', p('pid'), n(-1)), [M32, 0n], true],
  ['kill pid == -1: 64-bit -1', 'kill', cmp('==', p('pid'), n(-1)), [M64, 0n], true],
  ['kill -1 >= pid (literal on the left)', 'kill', cmp('>=', n(-1), p('pid')), [M32, 0n], true],
  ['kill pid in (-1, 0)', 'kill', { type: 'in', left: p('pid'), values: [n(-1), n(0)] }, [M32, 0n], true],
  ['unsigned int fd == 3 ignores the high half', 'write', cmp('==', p('fd'), n(3)), [0xffffffff00000003n, 0n, 0n], true],
  ['unsigned int whence == 1 ignores the high half', 'lseek', cmp('==', p('whence'), n(1)), [0n, 0n, 0xffffffff00000001n], true],
  ['unsigned int whence > 0x7fffffff is unsigned', 'lseek', cmp('>', p('whence'), n(0x7fffffff)), [0n, 0n, 0x80000000n], true],
  ['unsigned int whence == -1 means 0xffffffff', 'lseek', cmp('==', p('whence'), n(-1)), [0n, 0n, M64], true],
  ['size_t count > 10: huge count is large, not negative', 'write', cmp('>', p('count'), n(10)), [1n, 0n, M64], true],
  ['size_t count > 10: 0x100000000 is not truncated', 'write', cmp('>', p('count'), n(10)), [1n, 0n, 0x100000000n], true],
  ['size_t count > 10: 5', 'write', cmp('>', p('count'), n(10)), [1n, 0n, 5n], false],
  ['off_t offset < 0 is signed 64-bit', 'lseek', cmp('<', p('offset'), n(0)), [0n, M64, 0n], true],
  ['off_t offset < 0: 0xffffffff is positive', 'lseek', cmp('<', p('offset'), n(0)), [0n, M32, 0n], false],
  ['flag test on a 32-bit signed argument', 'kill', { type: 'flagtest', left: p('sig'), mask: [n(0x80000000)] }, [0n, M32], true],
];

describe('tier 2 agrees with tier 1 on argument widths', () => {
  it.each(CASES)('%s', (_what, syscall, filter, args, expected) => {
    const e = entry(syscall);
    expect(evalProg(compileFilter(filter, e), { args }), 'bytecode').toBe(expected);
    // The same rule decided in BPF (tier 1, scalar-only, not counted).
    const c = compileRules([rule(syscall, FAIL('EPERM'), { filter })], { arch: 'x86_64' });
    expect(c.rules).toEqual([]);
    expect(bpfFails(c.bpf, syscall, args), 'bpf').toBe(expected);
  });
});

describe('rules over several syscalls', () => {
  it('compile per syscall: kill.pid (pid_t) and ptrace.pid (long) get their own width', () => {
    const c = compileRules([rule(['kill', 'ptrace'], FAIL('EPERM'), { filter: cmp('<=', p('pid'), n(0)) })], { arch: 'x86_64', count: true });
    // (The i386 entries, all 32-bit, share a third program.)
    const kill = c.rules.find((r) => r.nrs.includes(entry('kill').nr))!;
    const ptrace = c.rules.find((r) => r.nrs.includes(entry('ptrace').nr))!;
    expect(kill).not.toBe(ptrace);
    expect(pushes(kill.prog)[0]!.b).toBe(ArgW.S32);
    expect(pushes(ptrace.prog)[0]!.b).toBe(ArgW.RAW);
    expect(evalProg(kill.prog, { args: [M32] })).toBe(true);
    expect(evalProg(ptrace.prog, { args: [0n, M32] })).toBe(false); // a long: 0xffffffff is positive
    expect(evalProg(ptrace.prog, { args: [0n, M64] })).toBe(true);
  });
});
