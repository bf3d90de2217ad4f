// Hand-assembles filter programs (include/sct/prog.h) for the tests; the opcodes and sizes come
// from harness/src/filter/prog-format.ts (generated with the header from gen/data/abi.json).
import {
  CONST_HEADER_SIZE,
  Cmp,
  ConstKind,
  HEADER_SIZE,
  INSN_SIZE,
  Op,
  SCT_PROG_MAGIC,
  SCT_PROG_VERSION,
} from '../../../harness/src/filter/prog-format.js';

export interface Insn {
  op: number;
  a?: number;
  b?: number;
  c?: number;
  imm?: bigint;
}

export function assemble(insns: Insn[], consts: (string | Uint8Array)[] = [], opts: { totalLen?: number; nInsns?: number } = {}): Uint8Array {
  const pool = consts.map((c) => {
    const payload = typeof c === 'string' ? new TextEncoder().encode(c) : c;
    const kind = typeof c === 'string' ? ConstKind.STR : ConstKind.DFA;
    const size = (CONST_HEADER_SIZE + payload.length + 7) & ~7;
    const b = new Uint8Array(size);
    const dv = new DataView(b.buffer);
    dv.setUint8(0, kind);
    dv.setUint32(4, payload.length, true);
    b.set(payload, CONST_HEADER_SIZE);
    return b;
  });
  const poolLen = pool.reduce((n, b) => n + b.length, 0);
  const len = HEADER_SIZE + insns.length * INSN_SIZE + poolLen;
  const out = new Uint8Array(len);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, SCT_PROG_MAGIC, true);
  dv.setUint16(4, SCT_PROG_VERSION, true);
  dv.setUint16(6, opts.nInsns ?? insns.length, true);
  dv.setUint16(8, consts.length, true);
  dv.setUint32(12, opts.totalLen ?? len, true);
  insns.forEach((ins, i) => {
    const o = HEADER_SIZE + i * INSN_SIZE;
    dv.setUint8(o, ins.op);
    dv.setUint8(o + 1, ins.a ?? 0);
    dv.setUint16(o + 2, ins.b ?? 0, true);
    dv.setUint32(o + 4, (ins.c ?? 0) >>> 0, true);
    dv.setBigInt64(o + 8, ins.imm ?? 0n, true);
  });
  let off = HEADER_SIZE + insns.length * INSN_SIZE;
  for (const b of pool) {
    out.set(b, off);
    off += b.length;
  }
  return out;
}

/** Matches when the string at argument `arg` equals `s`. */
export function strArgEquals(arg: number, s: string): Uint8Array {
  return assemble([{ op: Op.STR_LOAD, a: 0, b: arg }, { op: Op.STR_EQ, c: 0 }, { op: Op.RET }], [s]);
}

/** Matches when argument `arg` >= value (signed). */
export function argAtLeast(arg: number, value: bigint): Uint8Array {
  return assemble([{ op: Op.PUSH_ARG, a: arg }, { op: Op.PUSH_IMM, imm: value }, { op: Op.CMP, a: Cmp.GE }, { op: Op.RET }]);
}
