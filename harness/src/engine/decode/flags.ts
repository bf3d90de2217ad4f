// Numbers as names from the generated constants: flag sets (`O_RDONLY|O_CLOEXEC`), enumerations
// (`AF_INET`, `SIGKILL`), the special dirfd AT_FDCWD. Unknown bits are printed in hex, as strace does.

import { PRINT_ORDER, constantsOfKind, lookupConstant, type Arch, type ConstantKind, type NamedValue } from '../../tables/index.js';

function popcount(v: number): number {
  let c = 0;
  for (let x = v >>> 0; x; x &= x - 1) c++;
  return c;
}

/** Non-zero constants of `kind`, widest masks first, so that O_SYNC wins over O_DSYNC. */
function bitsOf(kind: ConstantKind, arch: Arch, skip: ReadonlySet<string>): NamedValue[] {
  return constantsOfKind(kind, arch)
    .filter((c) => c.value > 0 && !skip.has(c.name) && !('aliasOf' in c && c.aliasOf))
    .sort((a, b) => popcount(b.value) - popcount(a.value) || a.value - b.value);
}

/** The bits of `value` by name, widest masks matched first, printed in strace's order for `kind`. */
function orNames(value: number, bits: readonly NamedValue[], parts: string[], kind?: ConstantKind): string {
  let rest = value >>> 0;
  const found: NamedValue[] = [];
  for (const b of bits) {
    if (b.value >>> 0 !== 0 && (rest & b.value) >>> 0 === b.value >>> 0) {
      found.push(b);
      rest = (rest & ~b.value) >>> 0;
    }
  }
  const order = (kind && PRINT_ORDER[kind]) ?? [];
  const rank = (b: NamedValue): number => (order.includes(b.name) ? order.indexOf(b.name) : order.length);
  parts.push(...found.sort((a, b) => rank(a) - rank(b) || (a.value >>> 0) - (b.value >>> 0)).map((b) => b.name));
  if (rest !== 0) parts.push(`0x${rest.toString(16)}`);
  return parts.join('|') || '0';
}

/**
 * The name of `value`. Several unaliased names for one value (AF_FILE, AF_LOCAL, AF_UNIX: the
 * table does not mark them as aliases yet) resolve to the last in the table's name order.
 */
export function enumName(kind: ConstantKind, value: number, arch: Arch): string | undefined {
  return constantsOfKind(kind, arch).filter((c) => c.value === value && !('aliasOf' in c && c.aliasOf)).at(-1)?.name;
}

export function formatOpenFlags(v: number, arch: Arch): string {
  return typeAndFlags('open_flag', 'O_ACCMODE', v, arch);
}

export function formatFlags(kind: ConstantKind, v: number, arch: Arch, zeroByName = true): string {
  if (v === 0) return (zeroByName && enumName(kind, 0, arch)) || '0';
  return orNames(v, bitsOf(kind, arch, new Set()), [], kind);
}

/** A value split in a type field (`mask`, one name) and flag bits: O_RDONLY|O_CLOEXEC, MAP_PRIVATE|MAP_FIXED. */
export function typeAndFlags(kind: ConstantKind, maskName: string, v: number, arch: Arch): string {
  const mask = lookupConstant(maskName, arch)?.value ?? 0;
  const type = (v & mask) >>> 0;
  const typeNames = new Set(constantsOfKind(kind, arch).filter((c) => (c.value & ~mask) === 0).map((c) => c.name));
  const acc = enumName(kind, type, arch) ?? String(type);
  const rest = (v & ~mask) >>> 0;
  return rest === 0 ? acc : `${acc}|${orNames(rest, bitsOf(kind, arch, typeNames), [], kind)}`;
}

/** MAP_PRIVATE|MAP_ANONYMOUS: the mapping's type (MAP_TYPE bits) by name, then the flags. */
export function formatMmapFlags(v: number, arch: Arch): string {
  return typeAndFlags('mmap_flag', 'MAP_TYPE', v, arch);
}

/** SOCK_STREAM|SOCK_CLOEXEC: the low 4 bits are the type, the rest flags. */
export function formatSocketType(v: number, arch: Arch): string {
  const type = v & 0xf;
  const name = enumName('socket_type', type, arch) ?? String(type);
  const rest = v & ~0xf;
  const flags = constantsOfKind('socket_type', arch).filter((c) => c.value > 0xf);
  return rest === 0 ? name : `${name}|${orNames(rest, flags, [], 'socket_type')}`;
}

export function formatDirfd(v: number, arch: Arch): string {
  const cwd = lookupConstant('AT_FDCWD', arch)?.value;
  return v === cwd ? 'AT_FDCWD' : String(v);
}

export function formatMode(v: number): string {
  return `0${(v & 0o7777).toString(8).padStart(2, '0')}`;
}
