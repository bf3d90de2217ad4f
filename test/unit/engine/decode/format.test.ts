import { describe, expect, it } from 'vitest';
import { formatCall, formatLogLine, formatSockaddr, quoteString, type DecodedEvent } from '../../../../harness/src/engine/decode/index.js';
import { lookupConstant, lookupSyscall } from '../../../../harness/src/tables/index.js';

const opts = { arch: 'x86_64' as const };
const O_CLOEXEC = BigInt(lookupConstant('O_CLOEXEC')!.value);
const O_CREAT = BigInt(lookupConstant('O_CREAT')!.value);
const O_WRONLY = BigInt(lookupConstant('O_WRONLY')!.value);
const AF_INET = lookupConstant('AF_INET')!.value;
const AF_UNIX = lookupConstant('AF_UNIX')!.value;
const c = (name: string): number => lookupConstant(name, 'x86_64')!.value;
const ev = (syscall: string, args: bigint[], more: Partial<DecodedEvent> = {}): DecodedEvent => ({
  type: 'rule', time: 0n, pid: 10, tid: 10, syscall, nr: lookupSyscall(syscall, 'x86_64')!.nr, abi: 'x86_64', args, ...more,
});

function sockaddrIn(port: number, ip: number[]): Uint8Array {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(AF_INET, 0);
  b.writeUInt16BE(port, 2);
  Buffer.from(ip).copy(b, 4);
  return b;
}

describe('strace-like call formatting', () => {
  type Case = [string, DecodedEvent, string];
  const CASES: Case[] = [
    ['openat, flags by name, result', ev('openat', [0xffffff9cn, 0x1000n, O_CLOEXEC, 0n], { phase: 'after', mem: { 1: '/etc/passwd' }, retval: 3n }), 'openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3'],
    ['an error with its message', ev('openat', [0xffffff9cn, 0x1000n, O_WRONLY | O_CREAT, 0o644n], { phase: 'after', mem: { 1: '/x' }, retval: -13n }), 'openat(AT_FDCWD, "/x", O_WRONLY|O_CREAT, 0644) = -1 EACCES (Permission denied)'],
    ['injected before the call', ev('openat', [0xffffff9cn, 0x1000n, 0n, 0n], { phase: 'before', mem: { 1: '/x' }, seen: -2n }), 'openat(AT_FDCWD, "/x", O_RDONLY) = -1 ENOENT (No such file or directory) (INJECTED)'],
    ['altered result', ev('write', [1n, 0x1000n, 10n], { phase: 'after', retval: 10n, seen: 3n }), 'write(1, 0x1000, 10) = 3 (INJECTED, was 10)'],
    ['a LOG before the call has no result', ev('getppid', [], { phase: 'before' }), 'getppid()'],
    ['connect with a sockaddr', ev('connect', [3n, 0x1000n, 16n], { phase: 'after', mem: { 1: sockaddrIn(8080, [127, 0, 0, 1]) }, retval: 0n }), 'connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0'],
    ['paths are never cut', ev('unlinkat', [0xffffff9cn, 1n, 0n], { mem: { 1: 'a'.repeat(40) } }), `unlinkat(AT_FDCWD, "${'a'.repeat(40)}", 0)`],
    ['other strings are cut at 32 bytes', ev('setxattr', [1n, 2n, 0n, 0n, 0n], { mem: { 0: '/f', 1: 'b'.repeat(40) } }), `setxattr("/f", "${'b'.repeat(32)}"..., NULL, 0, 0)`],
    ['mmap: the mapping type, flags, offset in hex', ev('mmap', [0n, 4096n, 1n, 0x812n, 3n, 0x26000n]), 'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000)'],
    ['access: the mode as R_OK|W_OK, F_OK for 0', ev('faccessat2', [0xffffff9cn, 1n, 6n, 0n], { mem: { 1: '/x' } }), 'faccessat2(AT_FDCWD, "/x", W_OK|R_OK, 0)'],
    ['lseek: whence by name', ev('lseek', [3n, 0n, 2n], { phase: 'after', retval: 9n }), 'lseek(3, 0, SEEK_END) = 9'],
    ['prlimit64, getrandom, fadvise64, rseq: names and hex from the tables', ev('fadvise64', [3n, 0n, 0n, 2n]), 'fadvise64(3, 0, 0, POSIX_FADV_SEQUENTIAL)'],
    ['ioctl: the request by name, its argument in hex', ev('ioctl', [1n, 0x5401n, 0x7ffc10n], { phase: 'after', retval: -25n }), 'ioctl(1, TCGETS, 0x7ffc10) = -1 ENOTTY (Inappropriate ioctl for device)'],
    ['fcntl F_GETFD: no third argument, the result as flags', ev('fcntl', [3n, 1n, 0n], { phase: 'after', retval: 1n }), 'fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)'],
    ['fcntl F_SETFL: open flags', ev('fcntl', [3n, 4n, 0x800n], { phase: 'after', retval: 0n }), 'fcntl(3, F_SETFL, O_RDONLY|O_NONBLOCK) = 0'],
    ['fcntl F_DUPFD_CLOEXEC: a number', ev('fcntl', [3n, 1030n, 10n], { phase: 'after', retval: 10n }), 'fcntl(3, F_DUPFD_CLOEXEC, 10) = 10'],
    ['open flags in strace\'s order, not by value', ev('openat', [0xffffff9cn, 1n, BigInt(c('O_NONBLOCK') | c('O_CLOEXEC') | c('O_DIRECTORY')), 0n], { mem: { 1: '.' } }), 'openat(AT_FDCWD, ".", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY)'],
    ['socket flags in strace\'s order', ev('socket', [BigInt(AF_UNIX), BigInt(c('SOCK_STREAM') | c('SOCK_NONBLOCK') | c('SOCK_CLOEXEC')), 0n]), 'socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0)'],
    ['exit_group returns nothing: = ?', ev('exit_group', [0n], { phase: 'before' }), 'exit_group(0) = ?'],
  ];
  it.each(CASES)('%s', (_what, e, expected) => {
    expect(formatCall(e, opts)).toBe(expected);
  });

  it('quotes and escapes like strace', () => {
    expect(quoteString('a"b\\c\n\t\x01')).toBe('"a\\"b\\\\c\\n\\t\\1"');
    expect(quoteString('\x01' + '2')).toBe('"\\0012"');
    expect(quoteString('abcdef', 3)).toBe('"abc"...');
  });

  it('decodes AF_UNIX, abstract names too', () => {
    const b = Buffer.alloc(2 + 9);
    b.writeUInt16LE(AF_UNIX, 0);
    b.write('/tmp/sock', 2);
    expect(formatSockaddr(b, 'x86_64')).toBe('{sa_family=AF_UNIX, sun_path="/tmp/sock"}');
    const abs = Buffer.concat([b.subarray(0, 2), Buffer.from('\0x')]);
    expect(formatSockaddr(abs, 'x86_64')).toBe('{sa_family=AF_UNIX, sun_path=@"x"}');
  });
});

describe('LOG line format', () => {
  const e = ev('openat', [0xffffff9cn, 0x1000n, 0n, 0n], { phase: 'after', mem: { 1: '/etc/hosts' }, retval: -13n, time: 1_500_000n, rule: 2, ruleName: 'deny', action: 'FAIL' });
  const ctx = { ...opts, startNs: 500_000n, procInfo: () => ({ ppid: 1, uid: 1000, comm: 'cat', exe: '/usr/bin/cat' }) };
  type Case = [string, string];
  const CASES: Case[] = [
    ['%pid %tid %ppid %uid %comm %exe', '10 10 1 1000 cat /usr/bin/cat'],
    ['%sid %sname', `${lookupSyscall('openat', 'x86_64')!.nr} openat`],
    ['%params', 'AT_FDCWD, "/etc/hosts", O_RDONLY'],
    ['%param2|%param1|%param7', '"/etc/hosts"|AT_FDCWD|%param7'],
    ['%ret %errno', '-1 EACCES (Permission denied) EACCES'],
    ['%ruleid %rulename %when %time', '2 deny after 0.001000'],
    ['100%% %call', '100% openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = -1 EACCES (Permission denied)'],
  ];
  it.each(CASES)('%s', (format, expected) => {
    expect(formatLogLine(format, e, ctx)).toBe(expected);
  });
});
