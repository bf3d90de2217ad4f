// Candidate lists for "did you mean", from the tables, once per architecture.

import { constantsOfKind, getTable, listClasses, listFamilies, type Arch, type ConstantKind } from '../../tables/index.js';

interface Names { syscalls: string[]; families: string[]; classes: string[]; constants: string[] }

const cache = new Map<Arch, Names>();
const CONSTANT_KINDS: readonly ConstantKind[] = ['errno', 'open_flag', 'socket_type', 'address_family', 'signal', 'mmap_prot', 'mmap_flag', 'at_flag', 'seek_whence'];

export function knownNames(arch: Arch): Names {
  let names = cache.get(arch);
  if (!names) {
    names = {
      syscalls: getTable(arch).syscalls.map((s) => s.name),
      families: listFamilies(),
      classes: listClasses(),
      constants: CONSTANT_KINDS.flatMap((k) => constantsOfKind(k, arch).map((c) => c.name)),
    };
    cache.set(arch, names);
  }
  return names;
}
