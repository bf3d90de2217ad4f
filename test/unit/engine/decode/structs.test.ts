// Pointer arguments the supervisor read, decoded as strace prints them (issue 15).
import { describe, expect, it } from 'vitest';
import { formatCall, type DecodedEvent } from '../../../../harness/src/engine/decode/index.js';
import { formatSigset } from '../../../../harness/src/engine/decode/structs.js';
import { lookupConstant, lookupSyscall } from '../../../../harness/src/tables/index.js';

const opts = { arch: 'x86_64' as const };
const ev = (syscall: string, args: bigint[], more: Partial<DecodedEvent> = {}): DecodedEvent => ({
  type: 'rule', time: 0n, pid: 10, tid: 10, syscall, nr: lookupSyscall(syscall, 'x86_64')!.nr, abi: 'x86_64', phase: 'after', args, ...more,
});
const c = (name: string): number => lookupConstant(name, 'x86_64')!.value;

/** x86_64's struct stat with a mode, an rdev and a size. */
function stat(mode: number, size: bigint, rdev = 0n): Uint8Array {
  const b = Buffer.alloc(144);
  b.writeUInt32LE(mode, 24);
  b.writeBigUInt64LE(rdev, 40);
  b.writeBigInt64LE(size, 48);
  return b;
}

function sigaction(handler: bigint, flags: number, restorer: bigint, mask: bigint): Uint8Array {
  const b = Buffer.alloc(32);
  b.writeBigUInt64LE(handler, 0);
  b.writeBigUInt64LE(BigInt(flags), 8);
  b.writeBigUInt64LE(restorer, 16);
  b.writeBigUInt64LE(mask, 24);
  return b;
}

const u64s = (...v: bigint[]): Uint8Array => Buffer.concat(v.map((x) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(x); return b; }));
const i32s = (...v: number[]): Uint8Array => Buffer.concat(v.map((x) => { const b = Buffer.alloc(4); b.writeInt32LE(x); return b; }));
/** linux_dirent64 records of these lengths (d_reclen at offset 16). */
const dirents = (...lens: number[]): Uint8Array => Buffer.concat(lens.map((l) => { const b = Buffer.alloc(l); b.writeUInt16LE(l, 16); return b; }));
function flock(type: number, whence: number, start: bigint, len: bigint): Uint8Array {
  const b = Buffer.alloc(32);
  b.writeInt16LE(type, 0);
  b.writeInt16LE(whence, 2);
  b.writeBigInt64LE(start, 8);
  b.writeBigInt64LE(len, 16);
  return b;
}
function statx(mask: number, mode: number, size: bigint): Uint8Array {
  const b = Buffer.alloc(256);
  b.writeUInt32LE(mask, 0);
  b.writeUInt16LE(mode, 28);
  b.writeBigUInt64LE(size, 40);
  return b;
}
const sigbit = (name: string): bigint => 1n << BigInt(c(name) - 1);

describe('struct arguments as strace prints them', () => {
  type Case = [string, DecodedEvent, string];
  const CASES: Case[] = [
    ['stat of a file: mode and size', ev('newfstatat', [3n, 1n, 0x1000n, BigInt(c('AT_EMPTY_PATH'))], { retval: 0n, mem: { 1: '', 2: stat(c('S_IFREG') | 0o644, 832n) } }), 'newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=832, ...}, AT_EMPTY_PATH) = 0'],
    ['stat of a device: st_rdev', ev('fstat', [1n, 0x1000n], { retval: 0n, mem: { 1: stat(c('S_IFCHR') | 0o666, 0n, 0x103n) } }), 'fstat(1, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0'],
    ['a failed stat shows the pointer', ev('stat', [1n, 0x1000n], { retval: -2n, mem: { 0: '/x', 1: stat(0, 0n) } }), 'stat("/x", 0x1000) = -1 ENOENT (No such file or directory)'],
    ['rt_sigaction: handler, mask, flags, restorer', ev('rt_sigaction', [BigInt(c('SIGINT')), 0x1000n, 0x2000n, 8n], { retval: 0n, mem: { 1: sigaction(0x5555n, c('SA_RESTORER') | c('SA_RESTART'), 0x7f00n, sigbit('SIGINT')), 2: sigaction(0n, 0, 0n, 0n) } }), 'rt_sigaction(SIGINT, {sa_handler=0x5555, sa_mask=[INT], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f00}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0'],
    ['prlimit64: multiples of 1024 and infinity', ev('prlimit64', [0n, BigInt(c('RLIMIT_STACK')), 0n, 0x1000n], { retval: 0n, mem: { 3: u64s(8192n * 1024n, 0xffffffffffffffffn) } }), 'prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0'],
    ['pipe2: the fd pair', ev('pipe2', [0x1000n, 0n], { retval: 0n, mem: { 0: i32s(3, 4) } }), 'pipe2([3, 4], 0) = 0'],
    ['wait4: the status', ev('wait4', [-1n, 0x1000n, 0n, 0n], { retval: 77n, mem: { 1: i32s(0x100) } }), 'wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 1}], 0, NULL) = 77'],
    ['execve: argv, envp counted', ev('execve', [0x1000n, 0x2000n, 0x3000n], { phase: 'before', mem: { 0: '/bin/ls', 1: Buffer.from('ls\0-la\0'), 2: Buffer.from('A=1\0B=2\0') } }), 'execve("/bin/ls", ["ls", "-la"], 0x3000 /* 2 vars */)'],
    ['read: the bytes it returned, cut at 32', ev('read', [3n, 0x1000n, 100n], { retval: 40n, mem: { 1: Buffer.from('x'.repeat(40)) } }), `read(3, "${'x'.repeat(32)}"..., 100) = 40`],
    ['getcwd: the path up to its NUL', ev('getcwd', [0x1000n, 4096n], { retval: 3n, mem: { 0: Buffer.from('/a\0') } }), 'getcwd("/a", 4096) = 3'],
    ['getdents64: the entries counted', ev('getdents64', [3n, 0x1000n, 32768n], { retval: 48n, mem: { 1: dirents(24, 24) } }), 'getdents64(3, 0x1000 /* 2 entries */, 32768) = 48'],
    ['brk: the address returned, in hex', ev('brk', [0n], { retval: 0x7aca000n }), 'brk(NULL) = 0x7aca000'],
    ['fcntl F_SETLK: the struct flock', ev('fcntl', [3n, BigInt(c('F_SETLK')), 0x1000n], { retval: 0n, mem: { 2: flock(c('F_RDLCK'), 0, 1073741824n, 1n) } }), 'fcntl(3, F_SETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=1073741824, l_len=1}) = 0'],
    ['arch_prctl: the code by name, the address in hex', ev('arch_prctl', [BigInt(c('ARCH_SET_FS')), 0x7f00n], { retval: 0n }), 'arch_prctl(ARCH_SET_FS, 0x7f00) = 0'],
    ['wait4: options by name', ev('wait4', [-1n, 0x1000n, BigInt(c('WNOHANG')), 0n], { retval: 0n, mem: { 1: i32s(0) } }), 'wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 0'],
    ['statx: sync type, mask and the abbreviated struct', ev('statx', [0xffffff9cn, 1n, BigInt(c('AT_SYMLINK_NOFOLLOW')), BigInt(c('STATX_MODE') | c('STATX_SIZE')), 0x1000n], { retval: 0n, mem: { 1: '.', 4: statx(0x17ff, c('S_IFDIR') | 0o755, 4096n) } }), 'statx(AT_FDCWD, ".", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_MODE|STATX_SIZE, {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, stx_size=4096, ...}) = 0'],
    ['nanosleep: the timespec', ev('nanosleep', [0x1000n, 0n], { retval: 0n, mem: { 0: u64s(1n, 500n) } }), 'nanosleep({tv_sec=1, tv_nsec=500}, NULL) = 0'],
    ['clone: named arguments, the exit signal in the flags', ev('clone', [BigInt(c('CLONE_CHILD_CLEARTID') | c('CLONE_CHILD_SETTID') | c('SIGCHLD')), 0n, 0n, 0x7f10n, 0n], { retval: 77n }), 'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f10) = 77'],
    ['-y: fds and AT_FDCWD with their paths, a returned fd too', ev('openat', [0xffffff9cn, 1n, 0n, 0n], { retval: 3n, mem: { 0: '/home', 1: 'a', 6: '/home/a' } }), 'openat(AT_FDCWD</home>, "a", O_RDONLY) = 3</home/a>'],
    ['-y: an fd argument', ev('read', [3n, 0x1000n, 10n], { retval: 0n, mem: { 0: '/home/a', 1: Buffer.alloc(0) } }), 'read(3</home/a>, "", 10) = 0'],
    ['getrandom: the buffer in hex', ev('getrandom', [0x1000n, 2n, 1n], { retval: 2n, mem: { 0: Buffer.from([0xab, 0x01]) } }), 'getrandom("\\xab\\x01", 2, GRND_NONBLOCK) = 2'],
  ];
  it.each(CASES)('%s', (_what, e, expected) => {
    expect(formatCall(e, opts)).toBe(expected);
  });

  it('prints a sigset with more than half the signals as its complement', () => {
    expect(formatSigset(0n)).toBe('[]');
    expect(formatSigset(sigbit('SIGINT') | sigbit('SIGPIPE'))).toBe('[INT PIPE]');
    expect(formatSigset(~(3n << 31n) & 0xffffffffffffffffn)).toBe('~[RTMIN RT_1]');
  });
});

/** native/src/arg_decode.cc read_iov's record: u32 entries; per entry u64 base, u64 len, u32 read, the bytes. */
function iovRecord(entries: [bigint, string][]): Uint8Array {
  const parts: Buffer[] = [Buffer.from(Uint32Array.of(entries.length).buffer)];
  for (const [len, data] of entries) {
    const head = Buffer.alloc(20);
    head.writeBigUInt64LE(0x7f00n, 0);
    head.writeBigUInt64LE(len, 8);
    head.writeUInt32LE(data.length, 16);
    parts.push(head, Buffer.from(data));
  }
  return Buffer.concat(parts);
}

describe('iovec arrays', () => {
  it('writev: each entry with its data, cut at -s', () => {
    const e = ev('writev', [1n, 0x7f00n, 2n], { mem: { 1: iovRecord([[5n, 'hello'], [40n, 'y'.repeat(40)]]) }, retval: 45n, seen: 45n });
    expect(formatCall(e, { ...opts, stringLimit: 8 })).toBe('writev(1, [{iov_base="hello", iov_len=5}, {iov_base="yyyyyyyy"..., iov_len=40}], 2) = 45');
  });

  it('at most -s entries, then ... when the call had more', () => {
    const e = ev('writev', [1n, 0x7f00n, 70n], { mem: { 1: iovRecord(Array.from({ length: 64 }, () => [1n, 'x'] as [bigint, string])) }, retval: 70n, seen: 70n });
    expect(formatCall(e, { ...opts, stringLimit: 2 })).toBe('writev(1, [{iov_base="x", iov_len=1}, {iov_base="x", iov_len=1}, ...], 70) = 70');
  });

  it('readv that failed: the array it did not fill prints as the pointer', () => {
    const e = ev('readv', [3n, 0x7f00n, 1n], { retval: -11n, seen: -11n });
    expect(formatCall(e, opts)).toBe('readv(3, 0x7f00, 1) = -1 EAGAIN (Resource temporarily unavailable)');
  });
});
