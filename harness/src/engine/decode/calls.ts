// Calls whose printing depends on another argument, as strace's own decoders for them do:
// fcntl's third argument and its result follow the command; statx always names its sync type;
// clone names its arguments.

import { lookupConstant, type Arch } from '../../tables/index.js';
import { formatFlags, formatOpenFlags, typeAndFlags } from './flags.js';
import { formatSignal, formatStruct } from './structs.js';

export interface CallPrinter {
  /** The arguments, given each formatted by its type, and the memory read at the call. */
  params?: (args: readonly bigint[], params: string[], arch: Arch, mem: Readonly<Record<number, string | Uint8Array>>) => string[];
  /** The result when the call succeeded, instead of the number. */
  result?: (args: readonly bigint[], ret: bigint, arch: Arch) => string | undefined;
}

const is = (v: bigint, arch: Arch, ...names: string[]): boolean => names.some((n) => BigInt(lookupConstant(n, arch)?.value ?? -1) === v);

/** `0x8002 (flags O_RDWR|O_LARGEFILE)`, `0x1 (flags FD_CLOEXEC)`; 0 stays 0. */
const flagsResult = (ret: bigint, text: string): string | undefined => (ret > 0n ? `0x${ret.toString(16)} (flags ${text})` : undefined);

const fcntl: CallPrinter = {
  params: (args, params, arch, mem) => {
    const cmd = args[1] ?? -1n;
    const lock = mem[2];
    if (lock instanceof Uint8Array && is(cmd, arch, 'F_GETLK', 'F_SETLK', 'F_SETLKW', 'F_OFD_GETLK', 'F_OFD_SETLK', 'F_OFD_SETLKW')) {
      return [...params.slice(0, 2), formatStruct('flock', lock, arch) ?? params[2]!];
    }
    const arg = Number(BigInt.asUintN(32, args[2] ?? 0n));
    if (is(cmd, arch, 'F_GETFD', 'F_GETFL', 'F_GETOWN', 'F_GETSIG', 'F_GETLEASE', 'F_GETPIPE_SZ', 'F_GET_SEALS')) return params.slice(0, 2);
    if (is(cmd, arch, 'F_SETFD')) return [...params.slice(0, 2), formatFlags('fd_flag', arg, arch, false)];
    if (is(cmd, arch, 'F_SETFL')) return [...params.slice(0, 2), formatOpenFlags(arg, arch)];
    if (is(cmd, arch, 'F_DUPFD', 'F_DUPFD_CLOEXEC', 'F_SETOWN', 'F_SETSIG', 'F_SETPIPE_SZ')) return [...params.slice(0, 2), String(arg | 0)];
    return params;
  },
  result: (args, ret, arch) => {
    const cmd = args[1] ?? -1n;
    if (is(cmd, arch, 'F_GETFD')) return flagsResult(ret, formatFlags('fd_flag', Number(ret), arch, false));
    if (is(cmd, arch, 'F_GETFL')) return flagsResult(ret, formatOpenFlags(Number(ret), arch));
    return undefined;
  },
};

/** statx: the sync type is printed even when 0 (AT_STATX_SYNC_AS_STAT), the mask by name. */
const statx: CallPrinter = {
  params: (args, params, arch) => {
    const flags = Number(BigInt.asUintN(32, args[2] ?? 0n));
    const mask = Number(BigInt.asUintN(32, args[3] ?? 0n));
    return [...params.slice(0, 2), typeAndFlags('at_flag', 'AT_STATX_SYNC_TYPE', flags, arch), formatFlags('statx_mask', mask, arch, false), ...params.slice(4)];
  },
};

const ptrOrNull = (v: bigint): string => (v === 0n ? 'NULL' : `0x${BigInt.asUintN(64, v).toString(16)}`);

/**
 * clone, x86_64's argument order (flags, stack, parent_tid, child_tid, tls): strace names the
 * arguments, puts the stack first, ORs the exit signal into the flags and shows a tid pointer or
 * tls only when a flag uses it.
 */
const clone: CallPrinter = {
  params: (args, params, arch) => {
    if (arch !== 'x86_64') return params;
    const flags = args[0] ?? 0n;
    const has = (name: string): boolean => (flags & BigInt(lookupConstant(name, arch)?.value ?? 0)) !== 0n;
    const sig = Number(flags & 0xffn);
    const names = formatFlags('clone_flag', Number(BigInt.asUintN(32, flags & ~0xffn)), arch, false);
    const flagText = sig === 0 ? names : names === '0' ? formatSignal(sig, arch) : `${names}|${formatSignal(sig, arch)}`;
    return [
      `child_stack=${ptrOrNull(args[1] ?? 0n)}`,
      `flags=${flagText}`,
      ...(has('CLONE_PARENT_SETTID') ? [`parent_tid=${ptrOrNull(args[2] ?? 0n)}`] : []),
      ...(has('CLONE_CHILD_SETTID') || has('CLONE_CHILD_CLEARTID') ? [`child_tidptr=${ptrOrNull(args[3] ?? 0n)}`] : []),
      ...(has('CLONE_SETTLS') ? [`tls=${ptrOrNull(args[4] ?? 0n)}`] : []),
    ];
  },
};

export const CALL_PRINTERS: Readonly<Record<string, CallPrinter>> = { fcntl, fcntl64: fcntl, statx, clone };
