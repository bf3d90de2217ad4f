// Assembles filter programs (include/sct/prog.h) into the blob the supervisor loads: header,
// 16-byte instructions, then the constant pool (strings and DFAs), each entry padded to 8 bytes.

import type { Dfa } from '../rules/regex/index.js';
import { CONST_HEADER_SIZE, ConstKind, HEADER_SIZE, INSN_SIZE, Op, SCT_PROG_MAGIC, SCT_PROG_VERSION, type OpCode } from './prog-format.js';

export interface ProgInsn {
  op: OpCode;
  a: number;
  b: number;
  c: number;
  imm: bigint;
}

export type ProgConst = { kind: 'str'; bytes: Uint8Array } | { kind: 'dfa'; dfa: Dfa };

export interface Prog {
  insns: ProgInsn[];
  consts: ProgConst[];
}

export function insn(op: OpCode, fields: Partial<Omit<ProgInsn, 'op'>> = {}): ProgInsn {
  return { op, a: fields.a ?? 0, b: fields.b ?? 0, c: fields.c ?? 0, imm: fields.imm ?? 0n };
}

/** Payload of an SCT_CONST_DFA entry: n_states, n_classes, start, dead, classes[256], accepting[], next[]. */
export function encodeDfa(dfa: Dfa): Uint8Array {
  const n = dfa.states;
  const size = 8 + 256 + n + 2 * n * dfa.nclasses;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint16(0, n, true);
  view.setUint16(2, dfa.nclasses, true);
  view.setUint16(4, dfa.start, true);
  view.setUint16(6, dfa.dead, true);
  out.set(dfa.classes.subarray(0, 256), 8);
  out.set(dfa.accepting.subarray(0, n), 8 + 256);
  let o = 8 + 256 + n;
  for (let i = 0; i < n * dfa.nclasses; i++, o += 2) view.setUint16(o, dfa.transitions[i]!, true);
  return out;
}

function constPayload(c: ProgConst): Uint8Array {
  return c.kind === 'str' ? c.bytes : encodeDfa(c.dfa);
}

const pad8 = (n: number): number => (n + 7) & ~7;

export function encodeProg(prog: Prog): Uint8Array {
  const payloads = prog.consts.map(constPayload);
  const poolSize = payloads.reduce((sum, p) => sum + CONST_HEADER_SIZE + pad8(p.length), 0);
  const total = HEADER_SIZE + prog.insns.length * INSN_SIZE + poolSize;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, SCT_PROG_MAGIC, true);
  view.setUint16(4, SCT_PROG_VERSION, true);
  view.setUint16(6, prog.insns.length, true);
  view.setUint16(8, prog.consts.length, true);
  view.setUint16(10, 0, true);
  view.setUint32(12, total, true);
  let o = HEADER_SIZE;
  for (const i of prog.insns) {
    view.setUint8(o, i.op);
    view.setUint8(o + 1, i.a);
    view.setUint16(o + 2, i.b, true);
    view.setUint32(o + 4, i.c, true);
    view.setBigInt64(o + 8, BigInt.asIntN(64, i.imm), true);
    o += INSN_SIZE;
  }
  prog.consts.forEach((c, idx) => {
    const payload = payloads[idx]!;
    view.setUint8(o, c.kind === 'str' ? ConstKind.STR : ConstKind.DFA);
    view.setUint32(o + 4, payload.length, true);
    out.set(payload, o + CONST_HEADER_SIZE);
    o += CONST_HEADER_SIZE + pad8(payload.length);
  });
  return out;
}

export interface DecodedProg {
  insns: ProgInsn[];
  consts: Array<{ kind: number; payload: Uint8Array }>;
  totalLen: number;
}

/** Parses a blob back (tests, `--explain`); throws RangeError on a malformed one. */
export function decodeProg(blob: Uint8Array): DecodedProg {
  if (blob.length < HEADER_SIZE) throw new RangeError(`program blob of ${blob.length} bytes is shorter than its header`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (view.getUint32(0, true) !== SCT_PROG_MAGIC) throw new RangeError('bad program magic');
  const nInsns = view.getUint16(6, true);
  const nConsts = view.getUint16(8, true);
  const totalLen = view.getUint32(12, true);
  const insns: ProgInsn[] = [];
  let o = HEADER_SIZE;
  for (let i = 0; i < nInsns; i++, o += INSN_SIZE) {
    if (o + INSN_SIZE > blob.length) throw new RangeError('instructions run past the blob');
    insns.push({ op: view.getUint8(o) as OpCode, a: view.getUint8(o + 1), b: view.getUint16(o + 2, true), c: view.getUint32(o + 4, true), imm: view.getBigInt64(o + 8, true) });
  }
  const consts: DecodedProg['consts'] = [];
  for (let i = 0; i < nConsts; i++) {
    if (o + CONST_HEADER_SIZE > blob.length) throw new RangeError('constant pool runs past the blob');
    const len = view.getUint32(o + 4, true);
    consts.push({ kind: view.getUint8(o), payload: blob.subarray(o + CONST_HEADER_SIZE, o + CONST_HEADER_SIZE + len) });
    o += CONST_HEADER_SIZE + pad8(len);
  }
  return { insns, consts, totalLen };
}

export const RET = (): ProgInsn => insn(Op.RET);
