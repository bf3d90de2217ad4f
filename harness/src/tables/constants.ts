// Lookups over the generated constants: errnos, O_*, SOCK_*, AF_*, signals, PROT_*/MAP_*, AT_*.

import { hostArch } from './arch.js';
import { CONSTANTS } from './generated/constants.js';
import type { Arch, ConstantKind, ConstantValue, NamedValue } from './types.js';

export { AUDIT_ARCH, X32_SYSCALL_BIT, PRINT_ORDER } from './generated/constants.js';

const KINDS = Object.keys(CONSTANTS) as ConstantKind[];
const byKind = new Map<string, readonly ConstantValue[]>();
const byName = new Map<Arch, ReadonlyMap<string, { kind: ConstantKind; value: number }>>();

function values(kind: ConstantKind, arch: Arch): readonly ConstantValue[] {
  const key = `${kind}/${arch}`;
  let vs = byKind.get(key);
  if (!vs) {
    const g = CONSTANTS[kind];
    vs = [...g.common, ...g.byArch[arch]].sort((a, b) => a.value - b.value || (a.name < b.name ? -1 : 1));
    byKind.set(key, vs);
  }
  return vs;
}

export function constantsOfKind(kind: ConstantKind, arch: Arch = hostArch()): readonly NamedValue[] {
  return values(kind, arch);
}

export function lookupConstant(name: string, arch: Arch = hostArch()): { kind: ConstantKind; value: number } | undefined {
  let map = byName.get(arch);
  if (!map) {
    const m = new Map<string, { kind: ConstantKind; value: number }>();
    for (const kind of KINDS) for (const v of values(kind, arch)) if (!m.has(v.name)) m.set(v.name, { kind, value: v.value });
    byName.set(arch, m);
    map = m;
  }
  return map.get(name);
}

/** `EACCES` -> 13; aliases (EWOULDBLOCK) too. errno values are the same on x86_64 and aarch64. */
export function errnoByName(name: string): number | undefined {
  return values('errno', 'x86_64').find((v) => v.name === name)?.value;
}

/** 13 -> `EACCES`: the primary name, never an alias (11 -> EAGAIN, not EWOULDBLOCK). */
export function errnoName(value: number): string | undefined {
  return values('errno', 'x86_64').find((v) => v.value === value && v.aliasOf === undefined)?.name;
}

/** `SIGKILL` or `KILL` -> 9. */
export function signalByName(name: string, arch: Arch = hostArch()): number | undefined {
  const full = name.startsWith('SIG') ? name : `SIG${name}`;
  return values('signal', arch).find((v) => v.name === full)?.value;
}

/** 9 -> `SIGKILL` (primary name, not SIGIOT/SIGPOLL-style aliases). */
export function signalName(value: number, arch: Arch = hostArch()): string | undefined {
  return values('signal', arch).find((v) => v.value === value && v.aliasOf === undefined)?.name;
}
