// Structs the supervisor read at a call (native/src/arg_decode.cc reads pointer arguments whole),
// printed as strace prints them: `{st_mode=S_IFREG|0644, st_size=832, ...}`, `[3, 4]`, `[PIPE]`.
// A decoder is chosen by the C type's name (`struct stat __user *` -> `stat`), or by the
// `struct:NAME` print hint of gen/data/arg-print.json. Layouts are the kernel's, per arch.

import { constantsOfKind, lookupConstant, signalName, type Arch } from '../../tables/index.js';
import { enumName, formatFlags } from './flags.js';
import { quoteBytes } from './quote.js';

type Decoder = (v: DataView, arch: Arch) => string | undefined;

const u64 = (v: DataView, at: number): bigint => v.getBigUint64(at, true);
const hex = (n: bigint): string => `0x${n.toString(16)}`;

/** S_IFREG|S_ISUID|0755, as strace prints a mode with its file type. */
export function formatFileMode(mode: number, arch: Arch): string {
  const fmt = lookupConstant('S_IFMT', arch)?.value ?? 0o170000;
  const type = enumName('file_mode', mode & fmt, arch);
  const special = constantsOfKind('file_mode', arch).filter((c) => c.name.startsWith('S_IS') && (mode & c.value) !== 0).map((c) => c.name);
  const perms = `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
  return [...(type ? [type] : []), ...special.reverse(), perms].join('|');
}

/** makedev(0x1, 0x3): glibc's split of a dev_t. */
function makedev(dev: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return `makedev(${hex(major)}, ${hex(minor)})`;
}

/** strace's abbreviated stat: the mode, then st_rdev for devices or st_size for the rest. */
const stat: Decoder = (v, arch) => {
  // x86_64's struct stat puts nlink before mode; the generic one (aarch64) mode first.
  const [modeAt, rdevAt, sizeAt] = arch === 'x86_64' ? [24, 40, 48] : [16, 32, 48];
  if (v.byteLength < sizeAt + 8) return undefined;
  const mode = v.getUint32(modeAt, true);
  const fmt = lookupConstant('S_IFMT', arch)?.value ?? 0o170000;
  const device = [lookupConstant('S_IFCHR', arch)?.value, lookupConstant('S_IFBLK', arch)?.value].includes(mode & fmt);
  const second = device ? `st_rdev=${makedev(u64(v, rdevAt))}` : `st_size=${v.getBigInt64(sizeAt, true)}`;
  return `{st_mode=${formatFileMode(mode, arch)}, ${second}, ...}`;
};

/** SIGINT; the real-time signals the headers do not name as strace names them: SIGRTMIN, SIGRT_1, ... */
export function formatSignal(n: number, arch?: Arch): string {
  const named = signalName(n, arch);
  if (named !== undefined) return named;
  if (n === 32) return 'SIGRTMIN';
  return n > 32 && n <= 64 ? `SIGRT_${n - 32}` : String(n);
}

/** [INT PIPE], or ~[...] the signals not in the set when more than half are. */
export function formatSigset(bits: bigint, nsig = 64): string {
  const name = (n: number): string => formatSignal(n).replace(/^SIG/, '');
  const set: number[] = [];
  for (let n = 1; n <= nsig; n++) if ((bits >> BigInt(n - 1)) & 1n) set.push(n);
  if (set.length > nsig / 2) {
    const unset = Array.from({ length: nsig }, (_, i) => i + 1).filter((n) => !set.includes(n));
    return `~[${unset.map(name).join(' ')}]`;
  }
  return `[${set.map(name).join(' ')}]`;
}

const sigset: Decoder = (v) => (v.byteLength < 8 ? undefined : formatSigset(u64(v, 0)));

/** The kernel's struct sigaction on x86_64: handler, flags, restorer, mask. */
const sigaction: Decoder = (v, arch) => {
  if (arch !== 'x86_64' || v.byteLength < 32) return undefined;
  const handler = u64(v, 0);
  const flags = Number(u64(v, 8) & 0xffffffffn);
  const handlerName = constantsOfKind('sighandler', arch).find((c) => BigInt.asUintN(64, BigInt(c.value)) === handler)?.name ?? hex(handler);
  const restorerBit = lookupConstant('SA_RESTORER', arch)?.value ?? 0;
  const restorer = (flags & restorerBit) !== 0 ? `, sa_restorer=${hex(u64(v, 16))}` : '';
  return `{sa_handler=${handlerName}, sa_mask=${formatSigset(u64(v, 24))}, sa_flags=${formatFlags('sigaction_flag', flags, arch, false)}${restorer}}`;
};

/** 8192*1024, RLIM64_INFINITY: strace writes multiples of 1024 as such. */
function rlimValue(n: bigint, infinity: string): string {
  if (n === 0xffffffffffffffffn) return infinity;
  return n > 0n && n % 1024n === 0n ? `${n / 1024n}*1024` : String(n);
}

const rlimitOf = (infinity: string): Decoder => (v) =>
  v.byteLength < 16 ? undefined : `{rlim_cur=${rlimValue(u64(v, 0), infinity)}, rlim_max=${rlimValue(u64(v, 8), infinity)}}`;

const fdPair: Decoder = (v) => (v.byteLength < 8 ? undefined : `[${v.getInt32(0, true)}, ${v.getInt32(4, true)}]`);

/** wait4's status: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]. */
const waitStatus: Decoder = (v, arch) => {
  if (v.byteLength < 4) return undefined;
  const s = v.getInt32(0, true);
  const sig = s & 0x7f;
  if (sig === 0) return `[{WIFEXITED(s) && WEXITSTATUS(s) == ${(s >> 8) & 0xff}}]`;
  if (sig !== 0x7f) return `[{WIFSIGNALED(s) && WTERMSIG(s) == ${signalName(sig, arch) ?? sig}${s & 0x80 ? ' && WCOREDUMP(s)' : ''}}]`;
  return `[{WIFSTOPPED(s) && WSTOPSIG(s) == ${signalName((s >> 8) & 0xff, arch) ?? (s >> 8) & 0xff}}]`;
};

/** struct flock (fcntl's lock commands): type, whence, start, length. */
const flock: Decoder = (v, arch) => {
  if (v.byteLength < 24) return undefined;
  const type = enumName('flock_type', v.getInt16(0, true), arch) ?? String(v.getInt16(0, true));
  const whence = enumName('seek_whence', v.getInt16(2, true), arch) ?? String(v.getInt16(2, true));
  return `{l_type=${type}, l_whence=${whence}, l_start=${v.getBigInt64(8, true)}, l_len=${v.getBigInt64(16, true)}}`;
};

/** strace's abbreviated statx: mask, attributes, mode, size. */
const statx: Decoder = (v, arch) => {
  if (v.byteLength < 48) return undefined;
  const mask = formatFlags('statx_mask', v.getUint32(0, true), arch, false);
  const attrs = formatFlags('statx_attr', Number(u64(v, 8) & 0xffffffffn), arch, false);
  return `{stx_mask=${mask}, stx_attributes=${attrs}, stx_mode=${formatFileMode(v.getUint16(28, true), arch)}, stx_size=${u64(v, 40)}, ...}`;
};

const timespec: Decoder = (v) => (v.byteLength < 16 ? undefined : `{tv_sec=${v.getBigInt64(0, true)}, tv_nsec=${v.getBigInt64(8, true)}}`);

/** An iovec array of another process (process_vm_*'s remote one): addresses and lengths only. */
const iovecRemote: Decoder = (v) => {
  const out: string[] = [];
  for (let at = 0; at + 16 <= v.byteLength; at += 16) out.push(`{iov_base=${hex(u64(v, at))}, iov_len=${u64(v, at + 8)}}`);
  return `[${out.join(', ')}]`;
};

const DECODERS: Readonly<Record<string, Decoder>> = {
  flock,
  statx,
  timespec,
  __kernel_timespec: timespec,
  stat,
  sigaction,
  sigset_t: sigset,
  rlimit: rlimitOf('RLIM_INFINITY'),
  rlimit64: rlimitOf('RLIM64_INFINITY'),
  fd_pair: fdPair,
  wait_status: waitStatus,
  iovec_remote: iovecRemote,
};

/** The decoder's name for a C type: `const struct stat __user *` -> `stat`, `sigset_t __user *` -> `sigset_t`. */
export function structName(ctype: string): string {
  return ctype.replace(/^const /, '').replace(/ __user \*$/, '').replace(/^struct /, '');
}

/** `name`'s rendering of `raw`, or undefined when sct has no decoder for it (print the pointer). */
export function formatStruct(name: string, raw: Uint8Array, arch: Arch): string | undefined {
  const d = DECODERS[name];
  return d?.(new DataView(raw.buffer, raw.byteOffset, raw.byteLength), arch);
}

/** argv as strace prints it: ["ls", "-la"], each string cut at the -s limit. */
export function formatArgv(raw: Uint8Array, limit: number): string {
  return `[${splitStrings(raw).map((s) => quoteBytes(s, limit)).join(', ')}]`;
}

/** envp: the pointer and how many strings (strace's default without -v). */
export function formatEnvp(pointer: bigint, raw: Uint8Array): string {
  return `${hex(pointer)} /* ${splitStrings(raw).length} vars */`;
}

/** The largest buffer the supervisor reads (native/src/arg_decode.cc kBufMax). */
const BUF_MAX = 4096;

/**
 * The entries of native/src/arg_decode.cc read_iov's record (u32 entries; per entry u64 base, u64
 * len, u32 bytes read, the bytes): each entry's length and the bytes the supervisor read of it.
 */
export function iovecEntries(raw: Uint8Array): { len: bigint; data: Uint8Array }[] {
  if (raw.length < 4) return [];
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = v.getUint32(0, true);
  const out: { len: bigint; data: Uint8Array }[] = [];
  let at = 4;
  for (let i = 0; i < n && at + 20 <= raw.length; i++) {
    const got = v.getUint32(at + 16, true);
    out.push({ len: u64(v, at + 8), data: raw.subarray(at + 20, at + 20 + got) });
    at += 20 + got;
  }
  return out;
}

/**
 * An iovec array as strace prints it: `[{iov_base="hello", iov_len=5}, {iov_base="\n", iov_len=1}]`.
 * `raw` is read_iov's record (iovecEntries). As strace: each entry's data is cut at the -s
 * `limit`, at most `limit` entries print before `...`, and an array the call filled (readv) shows
 * as many bytes as it returned, in order (the entries past them print `""`).
 */
export function formatIovec(raw: Uint8Array, limit: number, count: bigint): string | undefined {
  if (raw.length < 4) return undefined;
  const out = iovecEntries(raw).slice(0, limit).map((e) => `{iov_base=${quoteBytes(e.data, limit)}, iov_len=${e.len}}`);
  return `[${out.join(', ')}${BigInt(out.length) < count ? ', ...' : ''}]`;
}

/**
 * getdents64's buffer: `0x... /* 4 entries *\/` (each entry's d_reclen at offset 16, in both the
 * old and the 64-bit layout). A buffer the supervisor cut short prints as the pointer alone.
 */
export function formatDirents(pointer: bigint, raw: Uint8Array): string | undefined {
  if (raw.length >= BUF_MAX) return undefined;
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let n = 0;
  for (let at = 0; at + 18 <= raw.length; n++) {
    const len = v.getUint16(at + 16, true);
    if (len === 0) return undefined;
    at += len;
  }
  return `${hex(pointer)} /* ${n} entries */`;
}

function splitStrings(raw: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0) {
      out.push(raw.subarray(start, i));
      start = i + 1;
    }
  }
  return out;
}
