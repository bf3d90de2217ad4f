import { describe, expect, it } from 'vitest';
import {
  classMembers, documentedErrnos, familyMembers, familyOf, libcAvoids, listClasses, listFamilies, resolveSelector,
} from '../../../harness/src/tables/index.js';

describe('families', () => {
  it('@open has open/openat/openat2/creat on x86_64 and no open/creat on aarch64', () => {
    expect(familyMembers('@open', 'x86_64')).toEqual(['open', 'openat', 'openat2', 'creat']);
    expect(familyMembers('open', 'aarch64')).toEqual(['openat', 'openat2']);
  });

  it.each([['openat', 'open'], ['open', 'open'], ['newfstatat', 'stat'], ['clone3', 'fork'], ['pwritev2', 'write'], ['getpid', undefined]])(
    'familyOf(%s) is %s',
    (name, fam) => expect(familyOf(name)).toBe(fam),
  );

  it('lists families and rejects unknown ones', () => {
    expect(listFamilies()).toContain('stat');
    expect(familyMembers('@nosuch', 'x86_64')).toBeUndefined();
  });
});

describe('classes', () => {
  it.each([
    ['%net', 'connect', true],
    ['%net', 'openat', false],
    ['%file', 'openat', true],
    ['%file', 'read', false],
    ['%desc', 'read', true],
    ['%desc', 'socket', true],
    ['%process', 'execve', true],
    ['%signal', 'rt_sigaction', true],
    ['%memory', 'mmap', true],
    ['%ipc', 'semop', true],
    ['%creds', 'setuid', true],
    ['%pure', 'getpid', true],
  ])('%s contains %s: %s', (cls, name, yes) => {
    expect(classMembers(cls, 'x86_64')?.includes(name)).toBe(yes);
  });

  it('knows the strace classes and rejects unknown ones', () => {
    expect(listClasses()).toEqual(expect.arrayContaining(['file', 'desc', 'net', 'process', 'signal', 'memory', 'ipc']));
    expect(classMembers('%nosuch', 'x86_64')).toBeUndefined();
  });
});

describe('resolveSelector', () => {
  it('resolves names, families and classes per arch', () => {
    expect(resolveSelector({ kind: 'name', name: 'openat' }, 'aarch64')?.map((s) => s.nr)).toEqual([56]);
    expect(resolveSelector({ kind: 'family', name: 'open' }, 'x86_64')?.map((s) => s.nr)).toEqual([2, 257, 437, 85]);
    expect(resolveSelector({ kind: 'class', name: 'net' }, 'x86_64')?.map((s) => s.name)).toContain('accept4');
  });

  it('is undefined for unknown names (and for names missing on the arch)', () => {
    expect(resolveSelector({ kind: 'name', name: 'nosuch' }, 'x86_64')).toBeUndefined();
    expect(resolveSelector({ kind: 'name', name: 'open' }, 'aarch64')).toBeUndefined();
    expect(resolveSelector({ kind: 'family', name: 'nosuch' }, 'x86_64')).toBeUndefined();
  });
});

describe('libcAvoids and documented errnos', () => {
  it.each([
    ['open', 'x86_64', 'openat'],
    ['stat', 'x86_64', 'newfstatat'],
    ['fork', 'x86_64', 'clone'],
    ['creat', 'x86_64', undefined],
    ['unlink', 'x86_64', undefined],
    ['unlink', 'aarch64', 'unlinkat'],
  ] as const)('libcAvoids(%s, %s) is %s', (name, arch, used) => {
    expect(libcAvoids(name, arch)).toBe(used);
  });

  it('reads ERRORS from the man pages', () => {
    expect(documentedErrnos('openat')).toEqual(expect.arrayContaining(['EACCES', 'ENOENT', 'EEXIST']));
    expect(documentedErrnos('connect')).toContain('ECONNREFUSED');
    expect(documentedErrnos('nosuch')).toBeUndefined();
  });
});
