// Mutants of valid programs for the corpus: bit flips, truncations, bytes appended (with total_len
// following or not), reserved and unused fields set, instruction fields overwritten. What the
// checker says of each is not written down here: every entry point must agree with the C checker.
import fc from 'fast-check';
import { HEADER_SIZE, INSN_SIZE } from '../../../harness/src/filter/prog-format.js';

type Mutation = (b: Uint8Array, r: number[]) => Uint8Array;

const setTotal = (b: Uint8Array): Uint8Array => {
  new DataView(b.buffer, b.byteOffset).setUint32(12, b.length, true);
  return b;
};
const nInsns = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset).getUint16(6, true);
const insnAt = (b: Uint8Array, r: number): number => HEADER_SIZE + (r % Math.max(1, nInsns(b))) * INSN_SIZE;

/** Each takes the program and random numbers in [0, 2^31), returns a new blob. */
const MUTATIONS: Record<string, Mutation> = {
  flip: (b, r) => {
    const o = b.slice();
    for (let i = 0; i < 1 + (r[0]! % 3); i++) o[r[1 + i]! % o.length]! ^= 1 << (r[4 + i]! % 8);
    return o;
  },
  truncate: (b, r) => b.slice(0, r[0]! % b.length),
  truncateKeepTotal: (b, r) => setTotal(b.slice(0, HEADER_SIZE + (r[0]! % Math.max(1, b.length - HEADER_SIZE)))),
  append: (b, r) => {
    const o = new Uint8Array(b.length + 1 + (r[0]! % 16));
    o.set(b);
    for (let i = b.length; i < o.length; i++) o[i] = r[1 + (i % 6)]! & (r[0]! & 1 ? 0xff : 0);
    return r[7]! & 1 ? setTotal(o) : o;
  },
  headerReserved: (b, r) => {
    const o = b.slice();
    o[10 + (r[0]! & 1)] = 1 + (r[1]! % 255);
    return o;
  },
  insnField: (b, r) => {
    const o = b.slice();
    const at = insnAt(o, r[0]!);
    const field = r[1]! % 5; // op, a, b, c, imm
    const v = new DataView(o.buffer);
    if (at + INSN_SIZE > o.length) return o;
    if (field === 0) o[at] = r[2]! % 16;
    else if (field === 1) o[at + 1] = r[2]! % 10;
    else if (field === 2) v.setUint16(at + 2, r[2]! % 8, true);
    else if (field === 3) v.setInt32(at + 4, (r[2]! % 12) - 3, true);
    else v.setUint8(at + 8 + (r[2]! % 8), 1 + (r[3]! % 255));
    return o;
  },
  nInsns: (b, r) => {
    const o = b.slice();
    new DataView(o.buffer).setUint16(6, Math.max(0, nInsns(o) + (r[0]! % 5) - 2), true);
    return o;
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** `perProgram` mutants of each program, the same for a given seed. */
export function mutants(programs: Uint8Array[], seed: number, perProgram: number): { name: string; blob: Uint8Array }[] {
  const draws = fc.sample(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), { seed, numRuns: programs.length * perProgram });
  const out: { name: string; blob: Uint8Array }[] = [];
  programs.forEach((p, i) => {
    for (let k = 0; k < perProgram; k++) {
      const r = draws[i * perProgram + k]!;
      const name = MUTATION_NAMES[(i * perProgram + k) % MUTATION_NAMES.length]!;
      if (p.length === 0) continue;
      out.push({ name, blob: MUTATIONS[name]!(p, r) });
    }
  });
  return out;
}
