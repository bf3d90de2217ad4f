// FdPaths follows what each fd is through a recorded run: the kind and blocking mode that decide
// which errnos the fault model offers on it (fault-model.ts).
import { describe, expect, it } from 'vitest';
import { FdPaths, pathKind } from '../../../harness/src/explore/fd-paths.js';
import { lookupConstant } from '../../../harness/src/tables/index.js';

const k = (name: string): bigint => BigInt(lookupConstant(name)!.value);
const AT_FDCWD = -100n;

describe('pathKind', () => {
  it.each([
    ['/etc/hostname', 'file'],
    ['/etc', 'dir'],
    ['/dev/null', 'device'],
    ['/proc/self/status', 'special'],
    ['state.tmp', 'file'], // relative: the run's own directory, gone since
    ['/srv/no-such-file-sct', 'file'],
    ['/run/no-such-socket-sct', undefined],
  ])('%s is %s', (path, kind) => {
    expect(pathKind(path)).toBe(kind);
  });
});

describe('FdPaths', () => {
  it('records the kind and mode an open gives, copies them on dup and fork, and follows F_SETFL', () => {
    const fds = new FdPaths();
    fds.after(1, 'openat', [AT_FDCWD, 0n, k('O_RDONLY') | k('O_NONBLOCK'), 0n], '/etc/hostname', 3n);
    expect(fds.info(1, 3)).toEqual({ path: '/etc/hostname', kind: 'file', nonblock: true });
    fds.after(1, 'socket', [2n, 1n | k('SOCK_NONBLOCK'), 0n], undefined, 4n);
    expect(fds.info(1, 4)).toEqual({ kind: 'socket', nonblock: true });
    fds.after(1, 'fcntl', [4n, 4n /* F_SETFL */, 0n], undefined, 0n);
    expect(fds.info(1, 4)?.nonblock).toBe(false);
    fds.after(1, 'dup2', [3n, 5n], undefined, 5n);
    expect(fds.info(1, 5)).toEqual(fds.info(1, 3));
    fds.fork(1, 2);
    fds.after(2, 'close', [3n], undefined, 0n);
    expect([fds.info(2, 3), fds.info(1, 3)?.kind]).toEqual([undefined, 'file']);
    fds.after(1, 'openat', [AT_FDCWD, 0n, k('O_DIRECTORY'), 0n], '/no/such/dir', 6n);
    expect(fds.info(1, 6)?.kind).toBe('dir');
  });

  it('forgets what an fd was when dup2 puts an unknown fd over it', () => {
    const fds = new FdPaths();
    fds.after(1, 'openat', [AT_FDCWD, 0n, 0n, 0n], '/etc/hostname', 3n);
    fds.after(1, 'dup2', [7n, 3n], undefined, 3n);
    expect(fds.info(1, 3)).toBeUndefined();
  });
});
