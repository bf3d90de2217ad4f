// A TypeScript interpreter of filter programs, kept as the tests' oracle only: the corpus
// (test/native/prog-corpus.test.ts) runs it against the one C interpreter, include/sct/
// prog_interp.h, through the addon's evalProg. Strings come from `input.strings`, keyed
// `${source}:${arg}` (see StrSrc), and sockaddr fields from `input.sock`, keyed `${field}:${arg}`;
// a missing one fails the filter, as an unreadable memory load does in the supervisor.

import { ArgW, ConstKind, Op } from './prog-format.js';
import { decodeProg } from './prog-encode.js';

export interface ProgInput {
  args: readonly bigint[];
  vars?: Readonly<Record<number, bigint>>;
  strings?: Readonly<Record<string, string>>;
  sock?: Readonly<Record<string, bigint>>;
}

function dfaMatches(payload: Uint8Array, s: Uint8Array): boolean {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const n = view.getUint16(0, true);
  const k = view.getUint16(2, true);
  let state = view.getUint16(4, true);
  const dead = view.getUint16(6, true);
  for (const byte of s) {
    state = view.getUint16(8 + 256 + n + 2 * (state * k + payload[8 + byte]!), true);
    if (state === dead) return false;
  }
  return payload[8 + 256 + state] !== 0;
}

function cmp(op: number, unsigned: boolean, l: bigint, r: bigint): boolean {
  const a = unsigned ? BigInt.asUintN(64, l) : l;
  const b = unsigned ? BigInt.asUintN(64, r) : r;
  return [a === b, a !== b, a < b, a <= b, a > b, a >= b][op] ?? false;
}

/** An argument register as SCT_OP_PUSH_ARG reads it with width `b` (ArgW), as a signed 64-bit value. */
export function readArg(register: bigint, b: number): bigint {
  const raw = BigInt.asUintN(64, register);
  if (b === ArgW.S32) return BigInt.asIntN(32, raw);
  if (b === ArgW.U32) return BigInt.asUintN(32, raw);
  return BigInt.asIntN(64, raw);
}

/** Evaluates a program blob; the empty blob matches everything. */
export function evalProg(blob: Uint8Array, input: ProgInput): boolean {
  if (blob.length === 0) return true;
  const { insns, consts } = decodeProg(blob);
  const st: bigint[] = [];
  let reg: Uint8Array | undefined;
  const top = (): bigint => st[st.length - 1] ?? 0n;
  for (let pc = 0; pc < insns.length; ) {
    const i = insns[pc]!;
    switch (i.op) {
      case Op.RET:
        return st.length === 0 ? true : top() !== 0n;
      case Op.PUSH_IMM: st.push(i.imm); break;
      case Op.PUSH_ARG: st.push(readArg(input.args[i.a] ?? 0n, i.b)); break;
      case Op.PUSH_VAR: {
        const v = input.vars?.[i.a];
        if (v === undefined) return false;
        st.push(v);
        break;
      }
      case Op.CMP: {
        const r = st.pop()!;
        const l = st.pop()!;
        st.push(cmp(i.a, i.b !== 0, l, r) ? 1n : 0n);
        break;
      }
      case Op.MASK: st.push((st.pop()! & i.imm) !== 0n ? 1n : 0n); break;
      case Op.NOT: st.push(st.pop()! === 0n ? 1n : 0n); break;
      case Op.JZ:
      case Op.JNZ:
        if ((top() === 0n) === (i.op === Op.JZ)) {
          pc += 1 + i.c;
          continue;
        }
        st.pop();
        break;
      case Op.SOCK_FIELD: {
        const v = input.sock?.[`${i.a}:${i.b}`];
        if (v === undefined) return false;
        st.push(v);
        break;
      }
      case Op.STR_LOAD: {
        const s = input.strings?.[`${i.a}:${i.b}`];
        if (s === undefined) return false;
        reg = Buffer.from(s, 'utf8');
        break;
      }
      case Op.STR_EQ: {
        const c = consts[i.c]!;
        st.push(c.kind === ConstKind.STR && reg !== undefined && Buffer.from(c.payload).equals(Buffer.from(reg)) ? 1n : 0n);
        break;
      }
      case Op.STR_MATCH:
        st.push(reg !== undefined && dfaMatches(consts[i.c]!.payload, reg) ? 1n : 0n);
        break;
      default:
        throw new RangeError(`unknown opcode ${i.op} at ${pc}`);
    }
    pc++;
  }
  return false;
}
