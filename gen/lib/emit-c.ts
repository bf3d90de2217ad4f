// Renders the model as a C header, one for native/ (C and C++) and one for kernel/ (no libc).
// Arrays are positional (no designated initialisers) so that C++ accepts them too.

import { SYSCALL_CLASSES as CLASSES, type ArgType, type SyscallArg, type SyscallEntry, type SyscallTable } from '../../harness/src/tables/types.js';
import type { Model } from './model.js';

/** Order fixes the enum values; append only. */
export const ARG_TYPES: readonly ArgType[] = [
  'int', 'uint', 'long', 'ulong', 'size', 'off', 'fd', 'dirfd', 'path', 'string', 'buf_in', 'buf_out',
  'open_flags', 'mode', 'socket_family', 'socket_type', 'mmap_prot', 'mmap_flags', 'sockaddr', 'socklen',
  'signal', 'pid', 'ptr', 'struct', 'at_flags',
];

const MAX_ARGS = 6;
const up = (s: string): string => s.toUpperCase();
const cstr = (s: string): string => JSON.stringify(s);

export interface CHeaderOptions {
  guard: string;
  /** Comment lines under the "Generated" line. */
  about: string[];
  /** Also the pointer arguments events carry (native/ only: the kernel module reads no memory for events). */
  eventArgs?: boolean;
}

const STRV = /^const char __user \*const __user \*$/;
const IOVEC = /struct iovec __user \*$/;

/**
 * An iovec array: the supervisor follows each entry to its data (the count is the next argument).
 * Not process_vm_*'s remote one (`struct:iovec_remote`): its addresses are another process's, so
 * it is read whole, as a struct.
 */
export function isIovArg(a: SyscallArg): boolean {
  return IOVEC.test(a.ctype) && a.print !== 'struct:iovec_remote';
}

/** An iovec array the call fills (readv): its data is read after the call, as many bytes as it returned. */
export function isIovOutArg(a: SyscallArg): boolean {
  return isIovArg(a) && a.print === 'struct:iovec_out';
}

/** A user pointer to data decoded whole: struct types, and `T __user *` pointers that are not strings. */
export function isMemArg(a: SyscallArg): boolean {
  if (isIovArg(a)) return false;
  if (a.print?.startsWith('struct:') && !a.type.startsWith('buf_')) return true;
  return a.type === 'struct' || (a.type === 'ptr' && / __user \*$/.test(a.ctype) && !STRV.test(a.ctype) && !/char __user \*$/.test(a.ctype));
}

export function isStrvArg(a: SyscallArg): boolean {
  return STRV.test(a.ctype);
}

function archBlock(prefix: string, lower: string, t: SyscallTable, eventArgs: boolean): string {
  const count = (t.syscalls.at(-1)?.nr ?? -1) + 1;
  const defines = t.syscalls.map((s) => `#define SCT_${prefix}_NR_${s.name} ${s.nr}`).join('\n');
  const byNr = new Map(t.syscalls.map((s) => [s.nr, s.name]));
  const names = Array.from({ length: count }, (_, nr) => {
    const n = byNr.get(nr);
    return `\t${n === undefined ? '0' : cstr(n)}, /* ${nr} */`;
  }).join('\n');
  const rows = t.syscalls.map((s) => {
    const cls = s.classes.length === 0 ? '0' : s.classes.map((c) => `SCT_CLASS_${up(c)}`).join(' | ');
    const args = s.args.map((a) => `{ ${cstr(a.name)}, SCT_ARG_${up(a.type)}, ${a.lenArg ?? -1} }`);
    const body = args.length === 0 ? '{ { 0, SCT_ARG_NONE, -1 } }' : `{ ${args.join(', ')} }`;
    return `\t{ ${s.nr}, ${cstr(s.name)}, ${s.args.length}, ${cls}, ${body} },`;
  }).join('\n');
  const bits = (s: SyscallEntry, test: (a: SyscallArg) => boolean): number => s.args.reduce((m, a, i) => (test(a) ? m | (1 << i) : m), 0);
  const eventRows = t.syscalls
    .map((s) => ({ nr: s.nr, mem: bits(s, isMemArg), strv: bits(s, isStrvArg), iov: bits(s, isIovArg), iovOut: bits(s, isIovOutArg) }))
    .filter((r) => r.mem !== 0 || r.strv !== 0 || r.iov !== 0)
    .map((r) => `\t{ ${r.nr}, 0x${r.mem.toString(16)}, 0x${r.strv.toString(16)}, 0x${r.iov.toString(16)}, 0x${r.iovOut.toString(16)} },`)
    .join('\n');
  const eventBlock = !eventArgs ? '' : `
/* Pointer arguments events carry, by argument bit: mem = read whole (a struct, an fd pair, a
 * sigset: a pointer type other than a string or buffer); strv = a NULL-terminated array of strings
 * (execve's argv, envp); iov = an iovec array, each entry followed to its data (the count is the
 * next argument); iov_out = of those, the ones the call fills (read after it, up to its result).
 * Sorted by number; syscalls with none are left out. */
#define SCT_${prefix}_EVENT_ARGS_COUNT ${eventRows.split('\n').length}
static const struct sct_event_args sct_${lower}_event_args[SCT_${prefix}_EVENT_ARGS_COUNT] SCT_UNUSED = {
${eventRows}
};
`;
  return `/* ${t.arch}: ${t.syscalls.length} syscalls, AUDIT_ARCH ${'0x' + t.auditArch.toString(16)} */
${defines}
#define SCT_${prefix}_NR_COUNT ${count}
#define SCT_${prefix}_SYSCALL_COUNT ${t.syscalls.length}

/* Name by number; 0 where the number is unused. */
static const char *const sct_${lower}_syscall_names[SCT_${prefix}_NR_COUNT] SCT_UNUSED = {
${names}
};

/* Sorted by number. */
static const struct sct_syscall_info sct_${lower}_syscalls[SCT_${prefix}_SYSCALL_COUNT] SCT_UNUSED = {
${rows}
};

${eventBlock}`;
}

export function cHeader(m: Model, header: string, opts: CHeaderOptions): string {
  const argEnum = ['\tSCT_ARG_NONE = 0,', ...ARG_TYPES.map((t, i) => `\tSCT_ARG_${up(t)} = ${i + 1},`)].join('\n');
  const clsEnum = CLASSES.map((c, i) => `\tSCT_CLASS_${up(c)} = 1u << ${i},`).join('\n');
  const errnos = m.constants.errno.common.filter((e) => !e.aliasOf);
  const maxErrno = Math.max(...errnos.map((e) => e.value));
  const errnoByValue = new Map(errnos.map((e) => [e.value, e.name]));
  const errnoNames = Array.from({ length: maxErrno + 1 }, (_, v) => {
    const n = errnoByValue.get(v);
    return `\t${n === undefined ? '0' : cstr(n)}, /* ${v} */`;
  }).join('\n');
  const i386Count = (m.i386.at(-1)?.nr ?? -1) + 1;
  const i386ByNr = new Map(m.i386.map((s) => [s.nr, s.name]));
  const i386Names = Array.from({ length: i386Count }, (_, nr) => {
    const n = i386ByNr.get(nr);
    return `\t${n === undefined ? '0' : cstr(n)}, /* ${nr} */`;
  }).join('\n');
  return `${header.trimEnd()}
${opts.about.map((l) => `/* ${l} */`).join('\n')}
#ifndef ${opts.guard}
#define ${opts.guard}

#if defined(__GNUC__) || defined(__clang__)
#define SCT_UNUSED __attribute__((__unused__))
#else
#define SCT_UNUSED
#endif

#define SCT_MAX_ARGS ${MAX_ARGS}
#define SCT_AUDIT_ARCH_X86_64 0x${m.auditArch.X86_64.toString(16)}u
#define SCT_AUDIT_ARCH_I386 0x${m.auditArch.I386.toString(16)}u
#define SCT_AUDIT_ARCH_AARCH64 0x${m.auditArch.AARCH64.toString(16)}u
#define SCT_X32_SYSCALL_BIT 0x${m.x32Bit.toString(16)}

/* What an argument holds (harness/src/tables/types.ts ArgType). */
enum sct_arg_type {
${argEnum}
};

/* strace's classes, as bits of sct_syscall_info.classes. */
enum sct_class {
${clsEnum}
};

struct sct_arg_info {
\tconst char *name;
\tunsigned char type;   /* enum sct_arg_type */
\tsigned char len_arg;  /* index of the length argument for buffers and sockaddrs, or -1 */
};

${opts.eventArgs ? `struct sct_event_args {
\tint nr;
\tunsigned char mem;   /* bit i: argument i is read whole for events */
\tunsigned char strv;  /* bit i: argument i is an array of strings */
\tunsigned char iov;   /* bit i: argument i is an iovec array, followed to its data */
\tunsigned char iov_out; /* bit i: an iovec array the call fills */
};

` : ''}struct sct_syscall_info {
\tint nr;
\tconst char *name;
\tunsigned char nargs;
\tunsigned int classes; /* enum sct_class bits */
\tstruct sct_arg_info args[SCT_MAX_ARGS];
};

${archBlock('X86_64', 'x86_64', m.tables.x86_64, opts.eventArgs === true)}
${archBlock('AARCH64', 'aarch64', m.tables.aarch64, opts.eventArgs === true)}
/* i386 (x86_64's int 0x80 compat ABI): names by number only. */
#define SCT_I386_NR_COUNT ${i386Count}
static const char *const sct_i386_syscall_names[SCT_I386_NR_COUNT] SCT_UNUSED = {
${i386Names}
};

/* errno names by value (primary names; EWOULDBLOCK and EDEADLOCK are aliases). */
#define SCT_ERRNO_COUNT ${maxErrno + 1}
${errnos.map((e) => `#define SCT_ERRNO_${e.name} ${e.value}`).join('\n')}
static const char *const sct_errno_names[SCT_ERRNO_COUNT] SCT_UNUSED = {
${errnoNames}
};

#if defined(__x86_64__)
#define SCT_HOST_AUDIT_ARCH SCT_AUDIT_ARCH_X86_64
#define SCT_HOST_NR_COUNT SCT_X86_64_NR_COUNT
#define SCT_HOST_SYSCALL_COUNT SCT_X86_64_SYSCALL_COUNT
#define sct_host_syscall_names sct_x86_64_syscall_names
#define sct_host_syscalls sct_x86_64_syscalls
#elif defined(__aarch64__)
#define SCT_HOST_AUDIT_ARCH SCT_AUDIT_ARCH_AARCH64
#define SCT_HOST_NR_COUNT SCT_AARCH64_NR_COUNT
#define SCT_HOST_SYSCALL_COUNT SCT_AARCH64_SYSCALL_COUNT
#define sct_host_syscall_names sct_aarch64_syscall_names
#define sct_host_syscalls sct_aarch64_syscalls
#endif

#endif /* ${opts.guard} */
`;
}
