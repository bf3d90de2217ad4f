// The corpus as one flat binary file, for readers in C (test/native/helpers/prog-corpus-check.c,
// sct-ctl check-corpus in the VM). Little-endian:
//   file:   "SCTPCORP" (8 bytes), u32 version (1), u32 count, then count records;
//   record: u32 len, u16 expected, u16 origin, then len bytes of program (no padding).
//   expected: the fault code (enum sct_prog_fault in include/sct/prog_check.h, 0 = valid) the
//             checker must give, or 0xffff: whatever the C checker says (mutants; the readers
//             compare entry points with each other instead);
//   origin:   0 compiled by the harness, 1 hand-made, 2 mutant.

export const CORPUS_MAGIC = 'SCTPCORP';
export const CORPUS_VERSION = 1;
export const ANY_FAULT = 0xffff;
export const Origin = { COMPILED: 0, HAND: 1, MUTANT: 2 } as const;

export interface CorpusRecord {
  name: string;
  blob: Uint8Array;
  expected: number;
  origin: number;
}

export function encodeCorpus(records: CorpusRecord[]): Uint8Array {
  const size = 16 + records.reduce((n, r) => n + 8 + r.blob.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  out.set(new TextEncoder().encode(CORPUS_MAGIC), 0);
  v.setUint32(8, CORPUS_VERSION, true);
  v.setUint32(12, records.length, true);
  let o = 16;
  for (const r of records) {
    v.setUint32(o, r.blob.length, true);
    v.setUint16(o + 4, r.expected, true);
    v.setUint16(o + 6, r.origin, true);
    out.set(r.blob, o + 8);
    o += 8 + r.blob.length;
  }
  return out;
}
