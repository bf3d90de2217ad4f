// What a parameter reference reads as far as typing cares, and the data tables behind it.

import type { ArgType, ConstantKind, SyscallArg } from '../tables/index.js';

export type { ConstantKind } from '../tables/index.js';

export type ValueKind = 'int' | 'string' | 'struct';

export interface ParamInfo {
  /** As written, for messages: `PARAMS[1]`, `path`, `addr.port`, `fd.path`. */
  text: string;
  kind: ValueKind;
  /** Symbol kinds that fit; undefined: any numeric constant; empty: none. */
  symbolKinds?: readonly ConstantKind[];
  /** What the argument is, for messages: `path`, `open_flags`, `sockaddr field`. */
  what: string;
  /** The reference turned out to be `fd.path` on an fd/dirfd argument. */
  fdPath?: boolean;
  /** A register argument read whole (not a field, not `fd.path`): its table type, which sets its width. */
  argType?: ArgType;
}

const STRING_TYPES: ReadonlySet<string> = new Set<ArgType>(['path', 'string', 'buf_in', 'buf_out']);
const STRUCT_TYPES: ReadonlySet<string> = new Set<ArgType>(['sockaddr', 'struct']);

/** Argument types whose values have symbolic names of one kind. Others take any numeric constant. */
const SYMBOL_KINDS_BY_TYPE: Readonly<Record<string, readonly ConstantKind[]>> = {
  open_flags: ['open_flag'],
  at_flags: ['at_flag'],
  dirfd: ['at_flag'],
  socket_family: ['address_family'],
  socket_type: ['socket_type'],
  mmap_prot: ['mmap_prot'],
  mmap_flags: ['mmap_flag'],
  signal: ['signal'],
  fd: [],
  size: [],
  off: [],
  pid: [],
  socklen: [],
  ptr: [],
  mode: [],
};

export function kindOfArgType(type: string): ValueKind {
  return STRING_TYPES.has(type) ? 'string' : STRUCT_TYPES.has(type) ? 'struct' : 'int';
}

export function argInfo(text: string, arg: SyscallArg): ParamInfo {
  const kinds = SYMBOL_KINDS_BY_TYPE[arg.type];
  return { text, kind: kindOfArgType(arg.type), what: arg.type, argType: arg.type, ...(kinds ? { symbolKinds: kinds } : {}) };
}

/** The fields `addr.<field>` a sockaddr argument offers. */
export const SOCKADDR_FIELDS: Readonly<Record<string, { kind: ValueKind; symbolKinds?: readonly ConstantKind[]; what: string }>> = {
  family: { kind: 'int', symbolKinds: ['address_family'], what: 'address family' },
  port: { kind: 'int', symbolKinds: [], what: 'port number' },
  ip: { kind: 'string', what: 'IPv4/IPv6 address' },
  addr: { kind: 'string', what: 'IPv4/IPv6 address' },
  path: { kind: 'string', what: 'AF_UNIX path' },
};

/**
 * Names that stand for "the argument of this type" when a syscall has no argument of that name
 * (`path` for openat's `filename`, `addr` for connect's `uservaddr`, `fd` for its `dfd`). Groups of
 * types are tried in order; a group applies when exactly one argument has one of its types.
 */
export const PARAM_ALIASES: Readonly<Record<string, readonly (readonly string[])[]>> = {
  path: [['path']],
  fd: [['fd'], ['dirfd']],
  dirfd: [['dirfd']],
  flags: [['open_flags', 'at_flags', 'mmap_flags']],
  addr: [['sockaddr']],
  buf: [['buf_in', 'buf_out']],
  mode: [['mode']],
  signal: [['signal']],
  sig: [['signal']],
  pid: [['pid']],
  family: [['socket_family']],
  type: [['socket_type']],
  prot: [['mmap_prot']],
};

const STRING_VARS: ReadonlySet<string> = new Set(['COMM', 'EXE', 'CWD']);

export function varInfo(name: string): ParamInfo {
  return STRING_VARS.has(name)
    ? { text: name, kind: 'string', what: 'process variable' }
    : { text: name, kind: 'int', symbolKinds: [], what: 'process variable' };
}

export function describeKind(kind: ValueKind): string {
  return kind === 'int' ? 'an integer' : kind === 'string' ? 'a string' : 'a struct';
}
