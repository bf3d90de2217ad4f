// Named constants (errno, O_*, SOCK_*, AF_*, SIG*, PROT_*, MAP_*, AT_*) per architecture,
// evaluated from the headers' macro bodies (and glibc's enums for SOCK_*).

import type { Arch, ConstantGroup, ConstantKind, ConstantValue } from '../../harness/src/tables/types.js';
import { enumConstants, macros, preprocess } from './cpp.js';
import type { GenData } from './data.js';
import { evaluate, ExprError } from './expr.js';
import type { Sources } from './sources.js';

export const ARCHES: readonly Arch[] = ['x86_64', 'aarch64'];

/** Symbols visible after including `headers`: macros, plus enum constants from the text. */
function symbols(target: 'x86_64' | 'aarch64' | 'libc', src: Sources, headers: string[]): Map<string, string> {
  const defs = macros(target, src, headers);
  if (target === 'libc') {
    for (const [name, expr] of enumConstants(preprocess(target, src, headers))) {
      // `#define SOCK_STREAM SOCK_STREAM` names the enum constant of the same name.
      if (!defs.has(name) || defs.get(name) === name) defs.set(name, expr);
    }
  }
  return defs;
}

function kindValues(kind: ConstantKind, arch: Arch, src: Sources, data: GenData): ConstantValue[] {
  const spec = data.constants.kinds[kind];
  if (spec.arches && !spec.arches.includes(arch)) return [];
  const defs = symbols(spec.from === 'libc' ? 'libc' : arch, src, spec.headers);
  const re = new RegExp(`^(?:${spec.pattern})$`);
  const except = new Set(spec.except);
  const out: ConstantValue[] = [];
  for (const [name, body] of defs) {
    if (!re.test(name) || except.has(name)) continue;
    let value: number;
    try {
      value = Number(evaluate(body, defs));
    } catch (e) {
      if (e instanceof ExprError) continue; // not an integer constant (e.g. a cast pointer)
      throw e;
    }
    const aliasOf = data.constants.aliases[name] ?? (re.test(body) && !except.has(body) && defs.has(body) ? body : undefined);
    out.push(aliasOf === undefined ? { name, value } : { name, value, aliasOf });
  }
  return out.sort((a, b) => a.value - b.value || Number(a.aliasOf !== undefined) - Number(b.aliasOf !== undefined) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const same = (a: ConstantValue | undefined, b: ConstantValue): boolean =>
  a !== undefined && a.value === b.value && a.aliasOf === b.aliasOf;

export function constantGroups(src: Sources, data: GenData): Record<ConstantKind, ConstantGroup> {
  const out = {} as Record<ConstantKind, ConstantGroup>;
  for (const kind of Object.keys(data.constants.kinds).sort() as ConstantKind[]) {
    const perArch = ARCHES.map((arch) => kindValues(kind, arch, src, data));
    const [first, ...rest] = perArch as [ConstantValue[], ...ConstantValue[][]];
    const maps = perArch.map((vs) => new Map(vs.map((v) => [v.name, v])));
    const common = first.filter((v) => rest.every((_, i) => same(maps[i + 1]!.get(v.name), v)));
    const commonNames = new Set(common.map((v) => v.name));
    const byArch = Object.fromEntries(
      ARCHES.map((arch, i) => [arch, perArch[i]!.filter((v) => !commonNames.has(v.name))]),
    ) as Record<Arch, ConstantValue[]>;
    out[kind] = { common, byArch };
  }
  return out;
}

export function auditArch(src: Sources, data: GenData): { X86_64: number; I386: number; AARCH64: number } {
  const defs = macros('x86_64', src, data.constants.auditArch.headers);
  const get = (n: string): number => Number(evaluate(defs.get(n) ?? n, defs));
  return { X86_64: get('AUDIT_ARCH_X86_64'), I386: get('AUDIT_ARCH_I386'), AARCH64: get('AUDIT_ARCH_AARCH64') };
}
