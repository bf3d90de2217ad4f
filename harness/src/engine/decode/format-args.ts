// One argument in strace's notation, by its table type.

import { type Arch, type ArgPrint, type ConstantKind, type SyscallArg } from '../../tables/index.js';
import { enumName, formatDirfd, formatFlags, formatMmapFlags, formatMode, formatOpenFlags, formatSocketType } from './flags.js';
import { quoteBytes, quoteHex, quoteString, DEFAULT_STRING_LIMIT } from './quote.js';
import { formatArgv, formatDirents, formatEnvp, formatIovec, formatSignal, formatStruct, structName } from './structs.js';
import { formatSockaddr } from './sockaddr.js';

export interface FormatOptions {
  arch: Arch;
  /** strace -s: longest string printed before `...`. */
  stringLimit?: number;
}

const s32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const u32 = (v: bigint): number => Number(BigInt.asUintN(32, v));
const ptr = (v: bigint): string => (v === 0n ? 'NULL' : `0x${BigInt.asUintN(64, v).toString(16)}`);

/**
 * `next`: the following argument's value (an iovec array's count).
 * `done`: the call ran and succeeded, so what it wrote to memory (read's buffer, a stat struct) is
 * there to show; otherwise such arguments print as pointers, as strace prints them.
 */
export function formatArg(arg: SyscallArg | undefined, value: bigint, mem: string | Uint8Array | undefined, opts: FormatOptions, done = true, next?: bigint): string {
  const limit = opts.stringLimit ?? DEFAULT_STRING_LIMIT;
  if (mem instanceof Uint8Array && arg !== undefined && (arg.type === 'struct' || arg.type === 'ptr' || arg.print?.startsWith('struct:'))) {
    return formatPointee(arg, value, mem, opts.arch, limit, done, next) ?? ptr(value);
  }
  // strace -y: an fd with the path it was open on.
  if (typeof mem === 'string' && arg?.type === 'fd') return `${s32(value)}<${mem}>`;
  if (typeof mem === 'string' && arg?.type === 'dirfd') return `${formatDirfd(s32(value), opts.arch)}<${mem}>`;
  if (mem !== undefined) {
    if (arg?.type === 'sockaddr' && mem instanceof Uint8Array) return formatSockaddr(mem, opts.arch);
    if (arg?.print === 'hex' && mem instanceof Uint8Array) return quoteHex(mem, limit);
    if (arg?.print === 'cstr' && mem instanceof Uint8Array) return quoteBytes(mem.indexOf(0) < 0 ? mem : mem.subarray(0, mem.indexOf(0)), limit);
    // strace never cuts a path, only other strings.
    const max = arg?.type === 'path' ? Infinity : limit;
    return typeof mem === 'string' ? quoteString(mem, max) : quoteBytes(mem, max);
  }
  if (arg?.print !== undefined && arg.print !== 'cstr' && !arg.print.startsWith('struct:')) return formatPrinted(arg.print, value, opts.arch);
  switch (arg?.type) {
    case 'fd':
      return String(s32(value));
    case 'int':
    case 'pid':
      return String(s32(value));
    case 'dirfd':
      return formatDirfd(s32(value), opts.arch);
    case 'uint':
    case 'socklen':
      return String(u32(value));
    case 'long':
    case 'off':
      return BigInt.asIntN(64, value).toString();
    case 'ulong':
    case 'size':
      return BigInt.asUintN(64, value).toString();
    case 'open_flags':
      return formatOpenFlags(u32(value), opts.arch);
    case 'mode':
      return formatMode(u32(value));
    case 'socket_family':
      return enumName('address_family', u32(value), opts.arch) ?? String(u32(value));
    case 'socket_type':
      return formatSocketType(u32(value), opts.arch);
    case 'mmap_prot':
      return formatFlags('mmap_prot', u32(value), opts.arch);
    case 'at_flags':
      return formatFlags('at_flag', u32(value), opts.arch, false);
    case 'mmap_flags':
      return formatMmapFlags(u32(value), opts.arch);
    case 'signal':
      return formatSignal(s32(value), opts.arch);
    case undefined:
      return `0x${BigInt.asUintN(64, value).toString(16)}`;
    default:
      return ptr(value);
  }
}

const hex = (v: bigint): string => (v === 0n ? '0' : `0x${BigInt.asUintN(64, v).toString(16)}`);

/** An argument gen/data/arg-print.json names: by a constant kind, or in hex. */
export function formatPrinted(print: ArgPrint, value: bigint, arch: Arch): string {
  if (print === 'hex') return hex(value);
  const [style, kind] = print.split(':') as ['enum' | 'flags', ConstantKind];
  if (style === 'flags') return formatFlags(kind, u32(value), arch);
  return enumName(kind, s32(value), arch) ?? String(s32(value));
}

/** What a pointer argument points to (a struct, an fd pair, argv), or undefined for the pointer. */
function formatPointee(arg: SyscallArg, value: bigint, mem: Uint8Array, arch: Arch, limit: number, done: boolean, count: bigint | undefined): string | undefined {
  if (STRV.test(arg.ctype)) return arg.name === 'envp' ? formatEnvp(value, mem) : formatArgv(mem, limit);
  // An iovec array followed to its data (arg_decode.cc read_iov); the next argument is its count.
  if (IOVEC.test(arg.ctype) && arg.print !== 'struct:iovec_remote') return formatIovec(mem, limit, count ?? 0n);
  // An output struct holds what the call wrote only once it succeeded.
  const input = arg.ctype.startsWith('const ');
  if (!input && !done) return undefined;
  const name = arg.print?.startsWith('struct:') ? arg.print.slice('struct:'.length) : structName(arg.ctype);
  if (name === 'dirents') return formatDirents(value, mem);
  return formatStruct(name, mem, arch);
}

const STRV = /^const char __user \*const __user \*$/;
const IOVEC = /struct iovec __user \*$/;
