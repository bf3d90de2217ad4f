// Shapes of the generated tables (see gen/ and harness/src/tables/generated/).
// Nothing outside the generated files types a syscall number, errno or flag value by hand.

export type Arch = 'x86_64' | 'aarch64';

/** strace's classes, written `%file` etc. in rules. */
export type SyscallClass =
  | 'file' | 'desc' | 'net' | 'process' | 'signal' | 'memory' | 'ipc' | 'creds' | 'clock' | 'stat' | 'fstat' | 'lstat' | 'statfs' | 'pure';

/** Every SyscallClass, in the order of the C headers' class bits (append only). */
export const SYSCALL_CLASSES: readonly SyscallClass[] = [
  'file', 'desc', 'net', 'process', 'signal', 'memory', 'ipc', 'creds', 'clock', 'stat', 'fstat', 'lstat', 'statfs', 'pure',
];

/**
 * What an argument holds, as far as rules and decoding care.
 * `buf_in`/`buf_out` carry `lenArg` (0-based index of the argument holding the length);
 * `sockaddr` carries `lenArg` too.
 */
export type ArgType =
  | 'int' | 'uint' | 'long' | 'ulong' | 'size' | 'off'
  | 'fd' | 'dirfd'
  | 'path' | 'string'
  | 'buf_in' | 'buf_out'
  | 'open_flags' | 'at_flags' | 'mode' | 'socket_family' | 'socket_type' | 'mmap_prot' | 'mmap_flags'
  | 'sockaddr' | 'socklen'
  | 'signal' | 'pid'
  | 'ptr' | 'struct';

export interface SyscallArg {
  name: string;
  type: ArgType;
  /** The C type as declared in the kernel's prototype, e.g. `const char __user *`. */
  ctype: string;
  /** For buffers and sockaddrs: 0-based index of the length argument. */
  lenArg?: number;
  print?: ArgPrint;
}

export interface SyscallEntry {
  nr: number;
  name: string;
  args: SyscallArg[];
  classes: SyscallClass[];
  /** `hex`: the result is an address (brk, mmap), printed in hex as strace prints it; `fd`: an fd (`-y` adds its path). */
  ret?: 'hex' | 'fd';
}

export interface SyscallTable {
  arch: Arch;
  /** AUDIT_ARCH_* value the seccomp filter checks. */
  auditArch: number;
  /** Syscall number offset/bit for compat ABIs handled by this arch (x32 bit on x86_64), or 0. */
  x32Bit: number;
  syscalls: readonly SyscallEntry[];
}

export interface NamedValue {
  name: string;
  value: number;
}

/** The groups of named constants the generator emits (see gen/data/constants.json). */
export type ConstantKind =
  | 'errno' | 'open_flag' | 'socket_type' | 'address_family' | 'signal' | 'mmap_prot' | 'mmap_flag' | 'at_flag' | 'seek_whence'
  | 'access_mode' | 'fcntl_cmd' | 'fd_flag' | 'ioctl_cmd' | 'rlimit_resource' | 'getrandom_flag' | 'fadvise_advice'
  | 'sigprocmask_how' | 'sigaction_flag' | 'sighandler' | 'file_mode' | 'arch_prctl_code' | 'wait_option' | 'flock_type'
  | 'statx_mask' | 'statx_attr' | 'clone_flag';

/**
 * How `sct trace` prints an argument beyond its ArgType (gen/data/arg-print.json): as names from
 * a constant kind, one value (`enum:`) or a set of bits (`flags:`), in hex, a buffer up to its NUL
 * (`cstr`), or by a named struct decoder.
 */
export type ArgPrint = `enum:${ConstantKind}` | `flags:${ConstantKind}` | 'hex' | 'cstr' | `struct:${string}`;

/** A named constant; `aliasOf` marks a second name for another constant's value (EWOULDBLOCK: EAGAIN). */
export interface ConstantValue extends NamedValue {
  aliasOf?: string;
}

/** One kind's constants: those equal on every arch, and those that differ or exist on one arch only. */
export interface ConstantGroup {
  common: readonly ConstantValue[];
  byArch: Readonly<Record<Arch, readonly ConstantValue[]>>;
}

/** The 32-bit compat ABI's syscall numbers (x86_64 kernels also take `int 0x80` calls). */
export interface SyscallNumber {
  nr: number;
  name: string;
}

/**
 * x86_64's i386 compat ABI as entries: numbers and names from asm/unistd_32.h, classes copied from
 * the same-named x86_64 syscall. `args` is always empty: 32-bit arguments are not decoded.
 */
export interface CompatTable {
  abi: 'i386';
  auditArch: number;
  syscalls: readonly SyscallEntry[];
}

/**
 * Which syscalls a rule applies to (the rule model's selector; kept here so that the tables, which
 * resolve it, import nothing from rules/).
 * - `name`: exactly one syscall (a bare name is never a family).
 * - `family`: written `@open`: every member of the family (open, openat, openat2, creat).
 * - `class`: written `%file`: strace's classes.
 */
export type SyscallSelector =
  | { kind: 'name'; name: string }
  | { kind: 'family'; name: string }
  | { kind: 'class'; name: string };
