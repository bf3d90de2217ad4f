// Lookups over the generated syscall tables: by name and number, families (@open), classes (%file).

import { getTable, hostArch } from './arch.js';
import { ERRNOS_BY_SYSCALL } from './generated/errnos-by-syscall.js';
import { FAMILIES, LIBC_PREFERS } from './generated/families.js';
import { I386_SYSCALLS } from './generated/i386.js';
import { SYSCALL_CLASSES, type Arch, type SyscallClass, type SyscallEntry, type SyscallSelector } from './types.js';

interface Index {
  byName: ReadonlyMap<string, SyscallEntry>;
  byNr: ReadonlyMap<number, SyscallEntry>;
}

const indexes = new Map<Arch, Index>();

function index(arch: Arch): Index {
  let idx = indexes.get(arch);
  if (!idx) {
    const { syscalls } = getTable(arch);
    idx = { byName: new Map(syscalls.map((s) => [s.name, s])), byNr: new Map(syscalls.map((s) => [s.nr, s])) };
    indexes.set(arch, idx);
  }
  return idx;
}

const FAMILY_OF: ReadonlyMap<string, string> = new Map(
  Object.entries(FAMILIES).flatMap(([fam, members]) => members.map((m) => [m, fam] as const)),
);
const CLASS_NAMES: ReadonlySet<string> = new Set(SYSCALL_CLASSES);
const I386_BY_NAME: ReadonlyMap<string, number> = new Map(I386_SYSCALLS.map((s) => [s.name, s.nr]));

const strip = (name: string, sigil: string): string => (name.startsWith(sigil) ? name.slice(1) : name);

export function lookupSyscall(name: string, arch: Arch = hostArch()): SyscallEntry | undefined {
  return index(arch).byName.get(name);
}

export function syscallByNr(nr: number, arch: Arch = hostArch()): SyscallEntry | undefined {
  return index(arch).byNr.get(nr);
}

/** The number of `name` in x86_64's 32-bit (`int 0x80`) ABI, or undefined. */
export function i386SyscallNr(name: string): number | undefined {
  return I386_BY_NAME.get(name);
}

/** `@open` or `open` -> the family's members that exist on `arch`; undefined for an unknown family. */
export function familyMembers(family: string, arch: Arch = hostArch()): string[] | undefined {
  const members = FAMILIES[strip(family, '@')];
  return members?.filter((m) => index(arch).byName.has(m));
}

/** The family a syscall belongs to (`openat` -> `open`), on any arch. */
export function familyOf(name: string): string | undefined {
  return FAMILY_OF.get(name);
}

/** `%file` or `file` -> the syscalls of that strace class on `arch`; undefined for an unknown class. */
export function classMembers(cls: string, arch: Arch = hostArch()): string[] | undefined {
  const name = strip(cls, '%');
  if (!CLASS_NAMES.has(name)) return undefined;
  return getTable(arch).syscalls.filter((s) => s.classes.includes(name as SyscallClass)).map((s) => s.name);
}

/** Family names without the `@`, sorted. */
export function listFamilies(): string[] {
  return Object.keys(FAMILIES).sort();
}

/** Class names without the `%`. */
export function listClasses(): string[] {
  return [...SYSCALL_CLASSES];
}

/** The syscalls a rule's selector covers on `arch`; undefined when the name, family or class is unknown. */
export function resolveSelector(sel: SyscallSelector, arch: Arch = hostArch()): SyscallEntry[] | undefined {
  const names = sel.kind === 'name'
    ? (lookupSyscall(sel.name, arch) ? [sel.name] : undefined)
    : sel.kind === 'family' ? familyMembers(sel.name, arch) : classMembers(sel.name, arch);
  return names?.map((n) => index(arch).byName.get(n)!);
}

/** The syscall glibc issues instead of bare `name` on `arch` (`open` on x86_64 -> `openat`). */
export function libcAvoids(name: string, arch: Arch = hostArch()): string | undefined {
  return LIBC_PREFERS[arch][name];
}

/** Errnos listed in the ERRORS section of the syscall's man page, sorted; undefined without one. */
export function documentedErrnos(syscall: string): string[] | undefined {
  const errs = ERRNOS_BY_SYSCALL[syscall];
  return errs && [...errs];
}
