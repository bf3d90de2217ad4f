// The ABIs a filter must handle for an architecture: the native one, and on x86_64 the i386
// (`int 0x80`) one, whose numbers come from the generated i386 table, plus the x32 bit. The i386
// table has numbers only: an i386 call's arguments are read with the native prototype (as 32-bit
// values), which holds for the syscalls whose names both ABIs share.

import { AUDIT_ARCH, getTable, i386SyscallNr, X32_SYSCALL_BIT, type Arch, type SyscallEntry, type SyscallTable } from '../../tables/index.js';

export interface Abis {
  native: SyscallTable;
  /** The x32 bit on x86_64 (calls with it set are killed), else 0. */
  killBit: number;
  /** i386 on x86_64. */
  compat?: { auditArch: number; entryOf: (native: SyscallEntry) => SyscallEntry | undefined };
}

function i386Entry(native: SyscallEntry): SyscallEntry | undefined {
  const nr = i386SyscallNr(native.name);
  return nr === undefined ? undefined : { ...native, nr };
}

export function abisFor(arch: Arch): Abis {
  const native = getTable(arch);
  if (arch === 'x86_64') return { native, killBit: X32_SYSCALL_BIT, compat: { auditArch: AUDIT_ARCH.I386, entryOf: i386Entry } };
  return { native, killBit: 0 };
}
