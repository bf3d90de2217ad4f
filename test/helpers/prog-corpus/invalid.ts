// Hand-made programs for every fault of include/sct/prog_check.h, each with the fault it must get
// (asserted by name), and a few that pin the strictness decisions of that header: SOCK_FIELD
// counts as a memory load, operands of unreachable instructions are checked, unused fields are 0.
import { encodeDfa } from '../../../harness/src/filter/index.js';
import { CONST_HEADER_SIZE, HEADER_SIZE, INSN_SIZE, Op, SCT_PROG_MAX_INSNS, SCT_PROG_MAX_READS, SCT_PROG_MAX_STR } from '../../../harness/src/filter/prog-format.js';
import { compileRegex } from '../../../harness/src/rules/regex/index.js';
import { assemble, type Insn } from '../../native/helpers/prog.js';

export interface HandCase {
  name: string;
  blob: Uint8Array;
  /** The fault's name in prog_check.h's SCT_PROG_FAULTS, or OK. */
  fault: string;
}

const ret: Insn = { op: Op.RET };
const imm = (v: bigint): Insn => ({ op: Op.PUSH_IMM, imm: v });
const POOL = HEADER_SIZE + INSN_SIZE; // the pool of a one-instruction program
const dfa = (): Uint8Array => encodeDfa(compileRegex('ab'));

/** `blob` with `edit` applied to a copy (a DataView over it). */
function edited(blob: Uint8Array, edit: (v: DataView, b: Uint8Array) => void): Uint8Array {
  const b = blob.slice();
  edit(new DataView(b.buffer), b);
  return b;
}

/** A one-instruction program whose only constant's payload is `payload` after `edit`. */
function dfaCase(edit: (v: DataView) => void, extra = 0): Uint8Array {
  const d = dfa();
  const p = new Uint8Array(d.length + extra);
  p.set(d);
  edit(new DataView(p.buffer));
  return assemble([ret], [p]);
}

export function handCases(): HandCase[] {
  const one = assemble([ret]);
  const withStr = assemble([ret], ['x']);
  const strLoad: Insn = { op: Op.STR_LOAD, a: 0, b: 1 };
  const c = (name: string, blob: Uint8Array, fault: string): HandCase => ({ name, blob, fault });
  return [
    c('a valid one-instruction program', one, 'OK'),
    c('a valid string comparison', assemble([strLoad, { op: Op.STR_EQ, c: 0 }, ret], ['/etc/passwd']), 'OK'),
    c('a valid dfa match', assemble([strLoad, { op: Op.STR_MATCH, c: 0 }, ret], [dfa()]), 'OK'),
    c('8 bytes', new Uint8Array(8), 'SHORT_HEADER'),
    c('a flipped magic', edited(one, (_v, b) => (b[0]! ^= 1)), 'BAD_MAGIC'),
    c('version 1', edited(one, (v) => v.setUint16(4, 1, true)), 'BAD_VERSION'),
    c('a non-zero header reserved', edited(one, (v) => v.setUint16(10, 1, true)), 'HEADER_RESERVED'),
    c('total_len 99', assemble([ret], [], { totalLen: 99 }), 'BAD_TOTAL_LEN'),
    c('no instructions', assemble([]), 'NO_INSNS'),
    c('1025 instructions', assemble(Array.from({ length: SCT_PROG_MAX_INSNS + 1 }, () => ret)), 'TOO_MANY_INSNS'),
    c('257 constants', edited(one, (v) => v.setUint16(8, 257, true)), 'TOO_MANY_CONSTS'),
    c('n_insns past the blob', assemble([ret], [], { nInsns: 5 }), 'TRUNCATED_INSNS'),
    c('a constant with no header', edited(one, (v) => v.setUint16(8, 1, true)), 'TRUNCATED_POOL'),
    c('a non-zero constant reserved', edited(withStr, (_v, b) => (b[POOL + 2] = 1)), 'CONST_RESERVED'),
    c('a constant longer than the blob', edited(withStr, (v) => v.setUint32(POOL + 4, 100, true)), 'TRUNCATED_CONST'),
    c('a constant of kind 3', edited(withStr, (_v, b) => (b[POOL] = 3)), 'BAD_CONST_KIND'),
    c('a 4097-byte string', assemble([ret], ['x'.repeat(SCT_PROG_MAX_STR + 1)]), 'STR_TOO_LONG'),
    c('a 10-byte dfa', assemble([ret], [new Uint8Array(10)]), 'DFA_TOO_SHORT'),
    c('a dfa of 0 states', dfaCase((v) => v.setUint16(0, 0, true)), 'DFA_BAD_STATES'),
    c('a dfa of 0 classes', dfaCase((v) => v.setUint16(2, 0, true)), 'DFA_BAD_CLASSES'),
    c('a dfa starting past its states', dfaCase((v) => v.setUint16(4, v.getUint16(0, true), true)), 'DFA_BAD_START'),
    c('a dfa with 8 bytes too many', dfaCase(() => {}, 8), 'DFA_BAD_SIZE'),
    c('a dfa byte in no class', dfaCase((v) => v.setUint8(8, v.getUint16(2, true))), 'DFA_BAD_BYTE_CLASS'),
    c('a dfa transition past its states', dfaCase((v) => v.setUint16(8 + 256 + v.getUint16(0, true), v.getUint16(0, true), true)), 'DFA_BAD_TRANSITION'),
    c('non-zero padding after a string', edited(withStr, (_v, b) => (b[POOL + CONST_HEADER_SIZE + 3] = 1)), 'CONST_PADDING'),
    c('8 bytes after the pool', edited(new Uint8Array([...one, 0, 0, 0, 0, 0, 0, 0, 0]), (v) => v.setUint32(12, one.length + 8, true)), 'TRAILING_BYTES'),
    c('no final ret', assemble([imm(1n)]), 'NO_FINAL_RET'),
    c('opcode 13', assemble([{ op: 13 }, ret]), 'BAD_OPCODE'),
    c('ret with a', assemble([{ op: Op.RET, a: 1 }, ret]), 'INSN_RESERVED'),
    c('not with an imm', assemble([imm(1n), { op: Op.NOT, imm: 4n }, ret]), 'INSN_RESERVED'),
    c('push_imm with c', assemble([{ op: Op.PUSH_IMM, c: 1 }, ret]), 'INSN_RESERVED'),
    c('comm loaded with a length argument', assemble([{ op: Op.STR_LOAD, a: 2, c: 1 }, ret]), 'INSN_RESERVED'),
    c('comm loaded with an argument index', assemble([{ op: Op.STR_LOAD, a: 2, b: 1 }, ret]), 'INSN_RESERVED'),
    c('argument 6', assemble([{ op: Op.PUSH_ARG, a: 6 }, ret]), 'BAD_ARG'),
    c('argument 6 in an unreachable instruction', assemble([imm(1n), { op: Op.JNZ, c: 1 }, { op: Op.PUSH_ARG, a: 9 }, ret]), 'BAD_ARG'),
    c('a sockaddr length argument 6', assemble([{ op: Op.SOCK_FIELD, a: 0, b: 1, c: 6 }, ret]), 'BAD_ARG'),
    c('argument width 3', assemble([{ op: Op.PUSH_ARG, a: 0, b: 3 }, ret]), 'BAD_ARG_WIDTH'),
    c('variable 6', assemble([{ op: Op.PUSH_VAR, a: 6 }, ret]), 'BAD_VAR'),
    c('comparison 6', assemble([imm(1n), imm(2n), { op: Op.CMP, a: 6 }, ret]), 'BAD_CMP'),
    c('signedness 2', assemble([imm(1n), imm(2n), { op: Op.CMP, b: 2 }, ret]), 'BAD_SIGNEDNESS'),
    c('socket field 2', assemble([{ op: Op.SOCK_FIELD, a: 2, b: 1, c: 2 }, ret]), 'BAD_SOCK_FIELD'),
    c('string source 7', assemble([{ op: Op.STR_LOAD, a: 7 }, ret]), 'BAD_STR_SRC'),
    c('constant 3 of 1', assemble([strLoad, { op: Op.STR_EQ, c: 3 }, ret], ['x']), 'BAD_CONST_INDEX'),
    c('a string where a dfa belongs', assemble([strLoad, { op: Op.STR_MATCH, c: 0 }, ret], ['x']), 'CONST_WRONG_KIND'),
    c('a dfa where a string belongs', assemble([strLoad, { op: Op.STR_EQ, c: 0 }, ret], [dfa()]), 'CONST_WRONG_KIND'),
    c('a backward jump', assemble([imm(1n), { op: Op.JZ, c: -2 }, ret]), 'BACKWARD_JUMP'),
    c('a jump past the end', assemble([imm(1n), { op: Op.JZ, c: 5 }, ret]), 'JUMP_OUT'),
    c('an unreachable jump past the end', assemble([imm(1n), { op: Op.JNZ, c: 1 }, { op: Op.JZ, c: 9 }, ret]), 'JUMP_OUT'),
    c('17 string loads', assemble([...Array.from({ length: SCT_PROG_MAX_READS + 1 }, () => strLoad), ret]), 'TOO_MANY_READS'),
    c('17 sockaddr field loads', assemble([...Array.from({ length: SCT_PROG_MAX_READS + 1 }, () => [{ op: Op.SOCK_FIELD, a: 0, b: 1, c: 2 }, { op: Op.NOT }]).flat(), ret]), 'TOO_MANY_READS'),
    c('16 loads, 8 of them sockaddr fields', assemble([...Array.from({ length: 8 }, () => [strLoad, { op: Op.SOCK_FIELD, a: 1, b: 1, c: 2 }, { op: Op.NOT }]).flat(), ret]), 'OK'),
    c('cmp on an empty stack', assemble([{ op: Op.CMP }, ret]), 'STACK_UNDERFLOW'),
    c('a jump on an empty stack', assemble([{ op: Op.JZ, c: 0 }, ret]), 'STACK_UNDERFLOW'),
    c('33 pushes', assemble([...Array.from({ length: 33 }, () => imm(1n)), ret]), 'STACK_OVERFLOW'),
    c('depths 1 and 2 meeting', assemble([imm(0n), { op: Op.JZ, c: 2 }, imm(1n), imm(1n), ret]), 'DEPTH_MISMATCH'),
  ];
}
