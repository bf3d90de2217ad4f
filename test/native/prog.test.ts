import { describe, expect, it } from 'vitest';
import { Op, SCT_PROG_MAX_INSNS } from '../../harness/src/filter/prog-format.js';
import { evalProg, verifyProgInAddon } from '../../harness/src/engine/native.js';
import { assemble, strArgEquals } from './helpers/prog.js';

const ret = { op: Op.RET };
const imm = (v: bigint) => ({ op: Op.PUSH_IMM, imm: v });

describe('verifyProgInAddon (the C verifier)', () => {
  // Each row: a program, and a fragment of the message the verifier must give.
  const rejected: [string, Uint8Array, RegExp][] = [
    ['a backward jump', assemble([imm(1n), { op: Op.JZ, c: -2 }, ret]), /backward jump at instruction 1/],
    ['a jump past the end', assemble([imm(1n), { op: Op.JZ, c: 5 }, ret]), /jump out of the program/],
    ['an out-of-range constant', assemble([{ op: Op.STR_LOAD, a: 0, b: 1 }, { op: Op.STR_EQ, c: 3 }, ret], ['x']), /constant index out of range at instruction 1 \(3\)/],
    ['a too-long program', assemble(Array.from({ length: SCT_PROG_MAX_INSNS + 1 }, () => ret)), /program too long: 1025 instructions/],
    ['no final ret', assemble([imm(1n)]), /last instruction is not ret/],
    ['a stack underflow', assemble([{ op: Op.CMP }, ret]), /stack underflow/],
    ['a wrong total_len', assemble([ret], [], { totalLen: 99 }), /total_len 99/],
    ['an argument index past 5', assemble([{ op: Op.PUSH_ARG, a: 6 }, ret]), /argument index out of range/],
    ['depths that disagree at a join', assemble([imm(0n), { op: Op.JZ, c: 2 }, imm(1n), imm(1n), ret]), /stack depths disagree/],
  ];
  it.each(rejected)('rejects %s', (_name, prog, message) => {
    expect(verifyProgInAddon(prog)).toMatch(message);
  });

  it('accepts a string comparison and evaluates it', () => {
    const prog = strArgEquals(1, '/etc/secret');
    expect(verifyProgInAddon(prog)).toBeNull();
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
    expect(verifyProgInAddon(prog)).toBeNull();
    expect(evalProg(prog, { args: [3n, 11n] })).toBe(true);
    expect(evalProg(prog, { args: [3n, 10n] })).toBe(false);
    expect(evalProg(prog, { args: [4n, 11n] })).toBe(false);
  });
});
