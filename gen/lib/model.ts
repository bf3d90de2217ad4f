// Everything the emitters write, built from the headers plus gen/data.

import type {
  Arch, ConstantGroup, ConstantKind, SyscallClass, SyscallEntry, SyscallNumber, SyscallTable,
} from '../../harness/src/tables/types.js';
import { checkAbi, type Abi } from './abi.js';
import { ClassifyError, classifyArgs, compileRules, printHints } from './classify.js';
import { ARCHES, auditArch, constantGroups } from './constants.js';
import type { GenData } from './data.js';
import { documentedErrnos } from './manpages.js';
import { parseParam, parsePrototypes, type RawParam } from './prototypes.js';
import type { Sources } from './sources.js';
import { aarch64Syscalls, i386Syscalls, x32SyscallBit, x86_64Syscalls, type RawSyscall } from './syscall-numbers.js';

export interface Model {
  tables: Record<Arch, SyscallTable>;
  i386: SyscallNumber[];
  constants: Record<ConstantKind, ConstantGroup>;
  /** Per flag kind, the order strace prints names in (gen/data/constants.json printOrder). */
  printOrder: Partial<Record<ConstantKind, string[]>>;
  auditArch: { X86_64: number; I386: number; AARCH64: number };
  x32Bit: number;
  families: Record<string, string[]>;
  libcPrefers: Record<Arch, Record<string, string>>;
  errnosBySyscall: Record<string, string[]>;
  abi: Abi;
}

/** Inconsistent data (a typo in gen/data, a prototype the header lacks); lists every problem at once. */
export class GenDataError extends Error {
  readonly code = 'SCT_GEN_DATA';
  constructor(readonly problems: string[]) {
    super(`gen/data is inconsistent with the headers:\n  ${problems.join('\n  ')}`);
  }
}

function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function buildTable(
  arch: Arch, raw: RawSyscall[], protos: Map<string, RawParam[]>, data: GenData, problems: string[],
  audit: number, x32Bit: number,
): SyscallTable {
  const rules = compileRules(data.argRules);
  const syscalls: SyscallEntry[] = raw.map(({ nr, name, entry }) => {
    const sym = entry ?? `sys_${name}`;
    const params = protos.get(sym);
    if (!params) {
      problems.push(`${arch} ${name}: no prototype for ${sym} in linux/syscalls.h; add it to gen/data/prototypes.json`);
      return { nr, name, args: [], classes: [] };
    }
    const unnamed = params.findIndex((p) => p.name === undefined);
    if (unnamed >= 0) problems.push(`${sym}: parameter ${unnamed + 1} has no name; add the prototype to gen/data/prototypes.json`);
    try {
      return { nr, name, args: printHints(name, classifyArgs(name, params, rules), data.printRules), classes: [] };
    } catch (e) {
      if (!(e instanceof ClassifyError)) throw e;
      problems.push(e.message);
      return { nr, name, args: [], classes: [] };
    }
  });
  for (const e of syscalls) {
    e.classes = classesOf(e, data);
    const ret = data.returns[e.name];
    if (ret) e.ret = ret;
  }
  return { arch, auditArch: audit, x32Bit, syscalls };
}

function classesOf(e: SyscallEntry, data: GenData): SyscallClass[] {
  const out: SyscallClass[] = [];
  for (const [cls, rule] of Object.entries(data.classes) as [SyscallClass, GenData['classes'][SyscallClass]][]) {
    const derived = rule.derive?.some((t) => e.args.some((a) => a.type === t)) ?? false;
    if ((derived || rule.members?.includes(e.name)) && !rule.except?.includes(e.name)) out.push(cls);
  }
  return out.sort();
}

function checkNames(what: string, names: Iterable<string>, known: ReadonlySet<string>, problems: string[]): void {
  for (const n of names) if (!known.has(n)) problems.push(`${what}: \`${n}\` is not a syscall on any architecture`);
}

export function buildModel(src: Sources, data: GenData, opts: { manPages: boolean }): Model {
  const problems: string[] = [];
  const protos = parsePrototypes(src.syscallsH);
  for (const [sym, p] of Object.entries(data.prototypes)) {
    const parsed = protos.get(sym);
    const params = p.params.map(parseParam);
    if (parsed && parsed.length !== params.length) {
      problems.push(`gen/data/prototypes.json ${sym}: ${params.length} parameters, linux/syscalls.h has ${parsed.length}`);
    }
    protos.set(sym, params);
  }
  const audit = auditArch(src, data);
  const x32Bit = x32SyscallBit(src);
  const tables: Record<Arch, SyscallTable> = {
    x86_64: buildTable('x86_64', x86_64Syscalls(src), protos, data, problems, audit.X86_64, x32Bit),
    aarch64: buildTable('aarch64', aarch64Syscalls(src), protos, data, problems, audit.AARCH64, 0),
  };
  const known = new Set(ARCHES.flatMap((a) => tables[a].syscalls.map((s) => s.name)));
  const seenInFamily = new Map<string, string>();
  for (const [fam, members] of Object.entries(data.families)) {
    checkNames(`gen/data/families.json @${fam}`, members, known, problems);
    for (const m of members) {
      const other = seenInFamily.get(m);
      if (other) problems.push(`gen/data/families.json: \`${m}\` is in both @${other} and @${fam}`);
      seenInFamily.set(m, fam);
    }
  }
  for (const [cls, rule] of Object.entries(data.classes)) {
    checkNames(`gen/data/classes.json %${cls}`, [...(rule.members ?? []), ...(rule.except ?? [])], known, problems);
  }
  for (const arch of ARCHES) {
    const here = new Set(tables[arch].syscalls.map((s) => s.name));
    for (const [bare, used] of Object.entries(data.libcPrefers[arch])) {
      if (!here.has(used)) problems.push(`gen/data/libc-prefers.json ${arch}: \`${used}\` (for ${bare}) is not a syscall there`);
    }
  }
  problems.push(...checkAbi(data.abi));
  if (problems.length > 0) throw new GenDataError([...new Set(problems)].sort());

  const errnoNames = new Set<string>();
  const constants = constantGroups(src, data);
  for (const v of [...constants.errno.common, ...ARCHES.flatMap((a) => constants.errno.byArch[a])]) errnoNames.add(v.name);
  const errnosBySyscall: Record<string, string[]> = {};
  if (opts.manPages) {
    for (const name of [...known].sort()) {
      const errs = documentedErrnos(src.man2Dir, src.man2Pages, name, errnoNames);
      if (errs && errs.length > 0) errnosBySyscall[name] = errs;
    }
  }
  return {
    tables,
    i386: i386Syscalls(src).map(({ nr, name }) => ({ nr, name })),
    constants,
    printOrder: Object.fromEntries(Object.entries(data.constants.kinds).filter(([, k]) => k.printOrder).map(([n, k]) => [n, [...k.printOrder!]])),
    auditArch: audit,
    x32Bit,
    families: sortedRecord(Object.entries(data.families).map(([k, v]) => [k, [...v]])),
    libcPrefers: Object.fromEntries(ARCHES.map((a) => [a, sortedRecord(Object.entries(data.libcPrefers[a]))])) as Model['libcPrefers'],
    errnosBySyscall,
    abi: data.abi,
  };
}
