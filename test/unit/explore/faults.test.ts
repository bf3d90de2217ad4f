// The fault model: each recorded call is offered only errnos the kernel can return for that call
// and its arguments (FAULT_MODEL over the man pages' ERRORS), and close's faults go after the call.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUSIONS } from '../../../harness/src/explore/exclusions.js';
import { faultRule, scheduleSource } from '../../../harness/src/explore/compile.js';
import { faultsFor } from '../../../harness/src/explore/faults.js';
import { faultSpace } from '../../../harness/src/explore/space.js';
import type { Fault, Profile, ProfiledCall } from '../../../harness/src/explore/types.js';
import { lookupConstant } from '../../../harness/src/tables/index.js';

const call = (syscall: string, args: bigint[], extra: Partial<ProfiledCall> = {}): ProfiledCall => ({ seq: 0, pid: 1, tid: 1, syscall, args, retval: 0n, startup: false, ...extra });
const seek = (name: string): bigint => BigInt(lookupConstant(name)!.value);
const errnos = (faults: Fault[]): string[] => faults.flatMap((f) => (f.kind === 'errno' ? [`${f.errno}${f.after ? ' after' : ''}`] : []));

// A call, and the errno faults it must be offered (caller-mistake errnos are excluded as before).
const CASES: [string, ProfiledCall, string[]][] = [
  ['close of a pipe (no ->flush): nothing', call('close', [3n], { fd: 3 }), []],
  ['close of a file: its flush errors, after the call', call('close', [3n], { fd: 3, fdPath: '/srv/state.tmp' }), ['EDQUOT after', 'EINTR after', 'EIO after', 'ENOSPC after']],
  ['dup: EMFILE only', call('dup', [3n], { fd: 3 }), ['EMFILE']],
  ['dup2: nothing (no EBUSY, EMFILE or EINTR on Linux)', call('dup2', [3n, 1n], { fd: 3 }), []],
  ['dup3: nothing', call('dup3', [3n, 1n, 0n], { fd: 3 }), []],
  ['lseek SEEK_SET: no ENXIO', call('lseek', [3n, 0n, seek('SEEK_SET')], { fd: 3, fdPath: '/srv/f' }), []],
  ['lseek SEEK_END: no ENXIO', call('lseek', [3n, 0n, seek('SEEK_END')], { fd: 3, fdPath: '/srv/f' }), []],
  ['lseek SEEK_DATA: ENXIO', call('lseek', [3n, 0n, seek('SEEK_DATA')], { fd: 3, fdPath: '/srv/f' }), ['ENXIO']],
  ['lseek SEEK_HOLE: ENXIO', call('lseek', [3n, 0n, seek('SEEK_HOLE')], { fd: 3, fdPath: '/srv/f' }), ['ENXIO']],
  ['write to an fd the run did not see made: as its man page says', call('write', [3n, 0n, 100n], { fd: 3, fdPath: '/srv/f', retval: 100n }), ['EAGAIN', 'EDQUOT', 'EFBIG', 'EINTR', 'EIO', 'ENOSPC', 'EPERM', 'EPIPE']],
  ['read of a regular file: EIO only (no EAGAIN, no EINTR)', call('read', [3n, 0n, 100n], { fd: 3, fdPath: '/etc/hostname', fdKind: 'file', fdNonblock: false }), ['EIO']],
  ['read of a regular file opened O_NONBLOCK: still no EAGAIN', call('read', [3n, 0n, 100n], { fd: 3, fdPath: '/srv/f', fdKind: 'file', fdNonblock: true }), ['EIO']],
  ['write to a regular file: space, size, seal and I/O errors (no EAGAIN, EINTR, EPIPE)', call('write', [3n, 0n, 100n], { fd: 3, fdPath: '/srv/f', fdKind: 'file', fdNonblock: false }), ['EDQUOT', 'EFBIG', 'EIO', 'ENOSPC', 'EPERM']],
  ['write to a blocking socket: EINTR, EPIPE', call('write', [3n, 0n, 100n], { fd: 3, fdKind: 'socket', fdNonblock: false }), ['EINTR', 'EPIPE']],
  ['write to a non-blocking socket: EAGAIN, EINTR, EPIPE', call('write', [3n, 0n, 100n], { fd: 3, fdKind: 'socket', fdNonblock: true }), ['EAGAIN', 'EINTR', 'EPIPE']],
  ['read of a FIFO, mode unknown: EAGAIN, EINTR (no EIO)', call('read', [3n, 0n, 100n], { fd: 3, fdPath: '/srv/fifo', fdKind: 'fifo' }), ['EAGAIN', 'EINTR']],
  ['read of a terminal: EAGAIN, EINTR, EIO', call('read', [3n, 0n, 100n], { fd: 3, fdPath: '/dev/tty', fdKind: 'device' }), ['EAGAIN', 'EINTR', 'EIO']],
  ["pread64 of a file: read(2)'s list, modelled (its page is pread(2))", call('pread64', [3n, 0n, 100n, 0n], { fd: 3, fdPath: '/srv/f', fdKind: 'file', fdNonblock: false }), ['EIO']],
  ["writev to a file: write(2)'s list, no EOPNOTSUPP", call('writev', [3n, 0n, 2n], { fd: 3, fdPath: '/srv/f', fdKind: 'file', fdNonblock: false }), ['EDQUOT', 'EFBIG', 'EIO', 'ENOSPC', 'EPERM']],
  ['fsync of a file: no EINTR, no EROFS', call('fsync', [3n], { fd: 3, fdPath: '/srv/f', fdKind: 'file' }), ['EDQUOT', 'EIO', 'ENOSPC']],
];

describe('faultsFor', () => {
  it.each(CASES)('%s', (_what, c, expected) => {
    expect(errnos(faultsFor(c, DEFAULT_EXCLUSIONS))).toEqual(expected);
  });

  it('keeps the short write as it was: the count cut before the call', () => {
    expect(faultsFor(call('write', [3n, 0n, 100n], { fd: 3, fdPath: '/srv/f', retval: 100n }), DEFAULT_EXCLUSIONS)).toContainEqual({ kind: 'short', arg: 'count', count: 50 });
  });
});

describe('a close fault in the space and as a rule', () => {
  // open state.tmp = 3, close(3): the close site is keyed by fd number, since the fd has no path
  // left after the call, and its rule runs after the call.
  const profile: Profile = {
    runtime: 'native', startupEnd: 0, exitCode: 0, signal: null, durationMs: 1,
    calls: [
      call('openat', [0n, 0n, 0n, 0n], { seq: 0, path: 'state.tmp', retval: 3n }),
      call('close', [3n], { seq: 1, fd: 3, fdPath: 'state.tmp' }),
    ],
  };
  const site = faultSpace(profile, DEFAULT_EXCLUSIONS).sites.find((s) => s.syscall === 'close')!;

  it('is keyed by the fd number and offered after the call', () => {
    expect([site.id, site.key]).toEqual(['close[fd=3]#1', { kind: 'fd', fd: 3 }]);
    const sf = { site, fault: site.faults.find((f) => f.kind === 'errno' && f.errno === 'EIO')! };
    expect(faultRule(sf, 0)).toMatchObject({ phase: 'after', action: { type: 'FAIL', errno: 'EIO' }, name: 'explore-1' });
    expect(scheduleSource([sf])).toEqual(["rule.after('close').where({ fd: 3 }).fail('EIO').nth(1).named('explore-1')"]);
  });
});
