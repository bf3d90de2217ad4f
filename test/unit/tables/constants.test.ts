import { describe, expect, it } from 'vitest';
import {
  AUDIT_ARCH, X32_SYSCALL_BIT, constantsOfKind, errnoByName, errnoName, lookupConstant, signalByName, signalName,
} from '../../../harness/src/tables/index.js';

describe('errnos', () => {
  it.each([['EPERM', 1], ['EACCES', 13], ['EAGAIN', 11], ['EWOULDBLOCK', 11], ['EDEADLOCK', 35], ['EHWPOISON', 133]])(
    '%s is %i',
    (name, value) => expect(errnoByName(name)).toBe(value),
  );

  it.each([[13, 'EACCES'], [11, 'EAGAIN'], [35, 'EDEADLK'], [0, undefined], [41, undefined]])(
    'errnoName(%i) is %s',
    (value, name) => expect(errnoName(value)).toBe(name),
  );
});

describe('flags and signals', () => {
  it('O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE differ between the arches', () => {
    for (const name of ['O_DIRECTORY', 'O_NOFOLLOW', 'O_DIRECT', 'O_LARGEFILE']) {
      expect(lookupConstant(name, 'x86_64')?.value, name).not.toBe(lookupConstant(name, 'aarch64')?.value);
    }
    expect(lookupConstant('O_DIRECTORY', 'x86_64')).toEqual({ kind: 'open_flag', value: 0o200000 });
    expect(lookupConstant('O_DIRECTORY', 'aarch64')).toEqual({ kind: 'open_flag', value: 0o40000 });
  });

  it.each([
    ['O_CREAT', 'open_flag', 0o100],
    ['O_RDONLY', 'open_flag', 0],
    ['SIGKILL', 'signal', 9],
    ['SOCK_STREAM', 'socket_type', 1],
    ['SOCK_CLOEXEC', 'socket_type', 0o2000000],
    ['AF_INET6', 'address_family', 10],
    ['PROT_WRITE', 'mmap_prot', 2],
    ['MAP_ANONYMOUS', 'mmap_flag', 0x20],
    ['AT_FDCWD', 'at_flag', -100],
    ['AT_REMOVEDIR', 'at_flag', 0x200],
    ['ENOENT', 'errno', 2],
  ])('lookupConstant(%s) is a %s of %i', (name, kind, value) => {
    expect(lookupConstant(name, 'x86_64')).toEqual({ kind, value });
  });

  it('has arch-only constants only on their arch', () => {
    expect(lookupConstant('MAP_32BIT', 'x86_64')?.value).toBe(0x40);
    expect(lookupConstant('MAP_32BIT', 'aarch64')).toBeUndefined();
    expect(lookupConstant('PROT_BTI', 'aarch64')?.value).toBe(0x10);
  });

  it('signals by name with or without SIG, and by number to the primary name', () => {
    expect(signalByName('SIGKILL', 'x86_64')).toBe(9);
    expect(signalByName('KILL', 'aarch64')).toBe(9);
    expect(signalName(6, 'x86_64')).toBe('SIGABRT');
    expect(signalName(29, 'x86_64')).toBe('SIGIO');
    expect(signalByName('NOSUCH', 'x86_64')).toBeUndefined();
  });

  it('constantsOfKind is sorted by value and holds the SIGHUP..SIGSYS range', () => {
    const sigs = constantsOfKind('signal', 'x86_64');
    expect(sigs.map((s) => s.value)).toEqual([...sigs.map((s) => s.value)].sort((a, b) => a - b));
    expect(sigs[0]).toEqual({ name: 'SIGHUP', value: 1 });
    expect(sigs.find((s) => s.name === 'SIGSYS')?.value).toBe(31);
  });

  it('AUDIT_ARCH and the x32 bit come from the headers', () => {
    expect(AUDIT_ARCH).toEqual({ X86_64: 0xc000003e, I386: 0x40000003, AARCH64: 0xc00000b7 });
    expect(X32_SYSCALL_BIT).toBe(0x40000000);
  });
});
