// One corpus of filter programs for every checker and interpreter entry point (include/sct/
// prog_check.h through the addon, a C reader, the kernel module; prog_interp.h vs the TS oracle):
// what the compiler emits for seeded random filters, hand-made invalid programs for every fault,
// and seeded mutants of both. Deterministic for a seed: the same bytes on every machine.
import { compileFilter } from '../../../harness/src/filter/index.js';
import { parseFilterExpression } from '../../../harness/src/rules/config/index.js';
import { lookupSyscall } from '../../../harness/src/tables/index.js';
import { corpusFilters } from './filters.js';
import { faultNames } from './faults.js';
import { ANY_FAULT, Origin, type CorpusRecord } from './format.js';
import { handCases } from './invalid.js';
import { mutants } from './mutate.js';

export { encodeCorpus, ANY_FAULT, Origin, type CorpusRecord } from './format.js';
export { faultNames } from './faults.js';
export { handCases } from './invalid.js';

export const CORPUS_SEED = 0x5c7c0de;

export interface CorpusOptions {
  seed?: number;
  /** Filters per syscall (4 syscalls). */
  filters?: number;
  /** Mutants per valid program. */
  mutantsPer?: number;
}

/** A compiled filter: the program and the filter text it came from. */
export interface Compiled {
  syscall: string;
  text: string;
  blob: Uint8Array;
}

export function compiledPrograms(seed: number, count: number): Compiled[] {
  const out: Compiled[] = [];
  for (const { syscall, text } of corpusFilters(seed, count)) {
    const { expr, diagnostics } = parseFilterExpression(text);
    if (!expr) throw new Error(`corpus filter does not parse: ${text}: ${diagnostics.map((d) => d.message).join('; ')}`);
    out.push({ syscall, text, blob: compileFilter(expr, lookupSyscall(syscall, 'x86_64')!) });
  }
  return out;
}

export function buildCorpus(opts: CorpusOptions = {}): { records: CorpusRecord[]; compiled: Compiled[] } {
  const seed = opts.seed ?? CORPUS_SEED;
  const codes = new Map(faultNames().map((n, i) => [n, i]));
  const compiled = compiledPrograms(seed, opts.filters ?? 75);
  const hand = handCases();
  const records: CorpusRecord[] = [
    ...compiled.map((c) => ({ name: `${c.syscall}: ${c.text}`, blob: c.blob, expected: 0, origin: Origin.COMPILED })),
    ...hand.map((h) => ({ name: h.name, blob: h.blob, expected: codes.get(h.fault)!, origin: Origin.HAND })),
  ];
  const parents = [...compiled.map((c) => c.blob), ...hand.filter((h) => h.fault === 'OK').map((h) => h.blob)];
  for (const m of mutants(parents, seed, opts.mutantsPer ?? 6)) records.push({ name: `mutant (${m.name})`, blob: m.blob, expected: ANY_FAULT, origin: Origin.MUTANT });
  return { records, compiled };
}
