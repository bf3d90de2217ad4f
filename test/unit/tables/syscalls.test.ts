import { describe, expect, it } from 'vitest';
import {
  getTable, i386Table, lookupSyscall, syscallByNr, type Arch, type ArgType,
} from '../../../harness/src/tables/index.js';

describe('syscall numbers', () => {
  it.each<[string, Arch, number]>([
    ['openat', 'x86_64', 257],
    ['openat', 'aarch64', 56],
    ['read', 'x86_64', 0],
    ['read', 'aarch64', 63],
    ['connect', 'x86_64', 42],
    ['connect', 'aarch64', 203],
    ['clone3', 'x86_64', 435],
    ['clone3', 'aarch64', 435],
  ])('%s is %i on %s', (name, arch, nr) => {
    expect(lookupSyscall(name, arch)?.nr).toBe(nr);
    expect(syscallByNr(nr, arch)?.name).toBe(name);
  });

  it.each<[string, Arch]>([['open', 'aarch64'], ['fork', 'aarch64'], ['stat', 'aarch64'], ['socketcall', 'x86_64']])(
    '%s does not exist on %s',
    (name, arch) => expect(lookupSyscall(name, arch)).toBeUndefined(),
  );

  it('numbers and names are unique and sorted per arch', () => {
    for (const arch of ['x86_64', 'aarch64'] as const) {
      const { syscalls } = getTable(arch);
      expect(new Set(syscalls.map((s) => s.name)).size).toBe(syscalls.length);
      expect(syscalls.map((s) => s.nr)).toEqual([...syscalls.map((s) => s.nr)].sort((a, b) => a - b));
    }
  });

  it('carries the AUDIT_ARCH values and the x32 bit', () => {
    expect(getTable('x86_64').auditArch).toBe(0xc000003e);
    expect(getTable('aarch64').auditArch).toBe(0xc00000b7);
    expect(getTable('x86_64').x32Bit).toBe(0x40000000);
    expect(getTable('aarch64').x32Bit).toBe(0);
  });

  it('has the i386 compat table for int 0x80 (open is 5, socketcall exists)', () => {
    const t = i386Table();
    expect(t.auditArch).toBe(0x40000003);
    expect(t.syscalls.find((s) => s.name === 'open')?.nr).toBe(5);
    expect(t.syscalls.some((s) => s.name === 'socketcall')).toBe(true);
  });
});

type ArgRow = [syscall: string, arg: number, name: string, type: ArgType, lenArg?: number];

describe('argument types', () => {
  it('openat is (dirfd dfd, path filename, open_flags flags, mode mode) on both arches', () => {
    for (const arch of ['x86_64', 'aarch64'] as const) {
      expect(lookupSyscall('openat', arch)?.args.map((a) => [a.type, a.name])).toEqual([
        ['dirfd', 'dfd'], ['path', 'filename'], ['open_flags', 'flags'], ['mode', 'mode'],
      ]);
    }
  });

  it.each<ArgRow>([
    ['connect', 1, 'uservaddr', 'sockaddr', 2],
    ['connect', 0, 'fd', 'fd'],
    ['bind', 1, 'umyaddr', 'sockaddr', 2],
    ['sendto', 4, 'addr', 'sockaddr', 5],
    ['sendto', 1, 'buff', 'buf_in', 2],
    ['recvfrom', 1, 'ubuf', 'buf_out', 2],
    ['write', 1, 'buf', 'buf_in', 2],
    ['read', 1, 'buf', 'buf_out', 2],
    ['pread64', 1, 'buf', 'buf_out', 2],
    ['readlinkat', 2, 'buf', 'buf_out', 3],
    ['socket', 0, 'family', 'socket_family'],
    ['socket', 1, 'type', 'socket_type'],
    ['mmap', 2, 'prot', 'mmap_prot'],
    ['mmap', 3, 'flags', 'mmap_flags'],
    ['mmap', 4, 'fd', 'fd'],
    ['kill', 0, 'pid', 'pid'],
    ['kill', 1, 'sig', 'signal'],
    ['unlinkat', 2, 'flag', 'at_flags'],
    ['renameat2', 3, 'newname', 'path'],
    ['execve', 0, 'filename', 'path'],
  ])('%s arg %i is %s: %s', (syscall, i, name, type, lenArg) => {
    const arg = lookupSyscall(syscall, 'x86_64')?.args[i];
    expect(arg).toMatchObject({ name, type });
    expect(arg?.lenArg).toBe(lenArg);
  });

  it('keeps the C type with its __user mark', () => {
    expect(lookupSyscall('openat', 'x86_64')?.args[1]?.ctype).toBe('const char __user *');
  });

  it('every lenArg points at an existing integer argument', () => {
    for (const arch of ['x86_64', 'aarch64'] as const) {
      for (const s of getTable(arch).syscalls) {
        for (const a of s.args) {
          if (a.lenArg === undefined) continue;
          expect(['size', 'int', 'uint', 'ulong', 'socklen'], `${arch} ${s.name}.${a.name}`).toContain(s.args[a.lenArg]?.type);
        }
      }
    }
  });
});
