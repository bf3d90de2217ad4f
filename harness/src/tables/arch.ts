import { SctError } from '../errors.js';
import { AARCH64_TABLE } from './generated/aarch64.js';
import { AUDIT_ARCH } from './generated/constants.js';
import { I386_SYSCALLS } from './generated/i386.js';
import { X86_64_TABLE } from './generated/x86_64.js';
import type { Arch, CompatTable, SyscallTable } from './types.js';

/** The harness runs on a CPU it has no syscall table for. */
export class UnsupportedArchError extends SctError {
  readonly code = 'SCT_UNSUPPORTED_ARCH';
  constructor(readonly arch: string) {
    super(`Expected the host architecture to be x64 or arm64 (process.arch), got \`${arch}\``);
  }
}

const TABLES: Readonly<Record<Arch, SyscallTable>> = { x86_64: X86_64_TABLE, aarch64: AARCH64_TABLE };

/** The host's Arch, from process.arch: x64 -> x86_64, arm64 -> aarch64. */
export function hostArch(): Arch {
  if (process.arch === 'x64') return 'x86_64';
  if (process.arch === 'arm64') return 'aarch64';
  throw new UnsupportedArchError(process.arch);
}

export function getTable(arch: Arch = hostArch()): SyscallTable {
  return TABLES[arch];
}

let i386: CompatTable | undefined;

/** x86_64's `int 0x80` ABI (AUDIT_ARCH_I386): a seccomp filter on x86_64 must match these calls too. */
export function i386Table(): CompatTable {
  if (!i386) {
    const native = new Map(X86_64_TABLE.syscalls.map((s) => [s.name, s]));
    const syscalls = I386_SYSCALLS.map(({ nr, name }) => ({ nr, name, args: [], classes: [...(native.get(name)?.classes ?? [])] }));
    i386 = { abi: 'i386', auditArch: AUDIT_ARCH.I386, syscalls };
  }
  return i386;
}
