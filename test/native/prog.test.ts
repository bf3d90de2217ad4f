// The addon's filter-program entry points: progCheck (include/sct/prog_check.h, the checker the
// kernel module and the compiler share) by fault name, and evalProg over hand-assembled programs.
import { describe, expect, it } from 'vitest';
import { HEADER_SIZE, INSN_SIZE, Op, SCT_PROG_MAX_INSNS } from '../../harness/src/filter/prog-format.js';
import { evalProg } from '../../harness/src/engine/native.js';
import { checkProg } from '../../harness/src/filter/index.js';
import { assemble, strArgEquals } from './helpers/prog.js';

const ret = { op: Op.RET };
const imm = (v: bigint) => ({ op: Op.PUSH_IMM, imm: v });

describe('progCheck (include/sct/prog_check.h, in the addon)', () => {
  // Each row: a program, the fault's name, and a fragment of the message.
  const rejected: [string, Uint8Array, string, RegExp][] = [
    ['a backward jump', assemble([imm(1n), { op: Op.JZ, c: -2 }, ret]), 'BACKWARD_JUMP', /backward jump at instruction 1/],
    ['a jump past the end', assemble([imm(1n), { op: Op.JZ, c: 5 }, ret]), 'JUMP_OUT', /jump out of the program at instruction 1/],
    ['an out-of-range constant', assemble([{ op: Op.STR_LOAD, a: 0, b: 1 }, { op: Op.STR_EQ, c: 3 }, ret], ['x']), 'BAD_CONST_INDEX', /constant index out of range at instruction 1/],
    ['a too-long program', assemble(Array.from({ length: SCT_PROG_MAX_INSNS + 1 }, () => ret)), 'TOO_MANY_INSNS', /too many instructions/],
    ['no final ret', assemble([imm(1n)]), 'NO_FINAL_RET', /the last instruction is not ret at instruction 0/],
    ['a stack underflow', assemble([{ op: Op.CMP }, ret]), 'STACK_UNDERFLOW', /stack underflow at instruction 0/],
    ['a stack overflow', assemble([...Array.from({ length: 40 }, () => imm(1n)), ret]), 'STACK_OVERFLOW', /stack overflow at instruction 32/],
    ['a wrong total_len', assemble([ret], [], { totalLen: 99 }), 'BAD_TOTAL_LEN', /total_len does not match/],
    ['an argument index past 5', assemble([{ op: Op.PUSH_ARG, a: 6 }, ret]), 'BAD_ARG', /argument index out of range/],
    ['an unknown argument width', assemble([{ op: Op.PUSH_ARG, a: 0, b: 3 }, ret]), 'BAD_ARG_WIDTH', /unknown argument width at instruction 0/],
    ['depths that disagree at a join', assemble([imm(0n), { op: Op.JZ, c: 2 }, imm(1n), imm(1n), ret]), 'DEPTH_MISMATCH', /stack depths disagree/],
    ['a string constant where a dfa belongs', assemble([{ op: Op.STR_LOAD, a: 0, b: 1 }, { op: Op.STR_MATCH, c: 0 }, ret], ['x']), 'CONST_WRONG_KIND', /wrong kind at instruction 1, constant 0/],
  ];
  it.each(rejected)('rejects %s', (_name, prog, fault, message) => {
    const v = checkProg(prog);
    expect(v?.fault).toBe(fault);
    expect(v?.message).toMatch(message);
  });

  it('says which constant a pool fault is at, and no instruction', () => {
    const bad = assemble([ret], ['x']);
    bad[HEADER_SIZE + INSN_SIZE + 1] = 1; // the constant's reserved[0]
    expect(checkProg(bad)).toEqual({ fault: 'CONST_RESERVED', message: 'reserved constant field is not zero at constant 0', index: -1, constant: 0 });
  });

  it('accepts a string comparison and evaluates it', () => {
    const prog = strArgEquals(1, '/etc/secret');
    expect(checkProg(prog)).toBeNull();
    expect(evalProg(prog, { args: [0n, 0n], strings: { 1: '/etc/secret' } })).toBe(true);
    expect(evalProg(prog, { args: [0n, 0n], strings: { 1: '/etc/other' } })).toBe(false);
  });

  it('evaluates forward jumps (short-circuit and)', () => {
    // arg0 == 3 && arg1 > 10
    const prog = assemble([
      { op: Op.PUSH_ARG, a: 0 }, imm(3n), { op: Op.CMP, a: 0 },
      { op: Op.JZ, c: 3 },
      { op: Op.PUSH_ARG, a: 1 }, imm(10n), { op: Op.CMP, a: 4 },
      ret,
    ]);
    expect(checkProg(prog)).toBeNull();
    expect(evalProg(prog, { args: [3n, 11n] })).toBe(true);
    expect(evalProg(prog, { args: [3n, 10n] })).toBe(false);
    expect(evalProg(prog, { args: [4n, 11n] })).toBe(false);
  });
});
