// What the kernel can really return, per syscall, beyond the man page's ERRORS list (which is
// per page, not per call or per argument): data that faults.ts applies to `documentedErrnos`.
// docs/explore.md ("The fault model") has the table with its sources; keep the two together.
//
// - `inject: 'after'`: the call's effect happens even when it reports the error, so the fault is
//   injected after the call ran (its result replaced), never before (which would skip the effect).
// - `never`: errnos the page lists that this call cannot return on Linux, with why.
// - `only`: errnos it returns only for some arguments; every field given must hold: `arg` one of
//   the named constants; an fd opened from a path (`fdFromPath`: a file, not a pipe, socket or
//   eventfd); an fd of one of the kinds `fdKind` (fd-paths.ts); a non-blocking fd (`nonblocking`).
//   An fd whose kind or mode the recording did not see (a pipe, an inherited fd) meets the fd
//   conditions: where the recording cannot tell, the man page's list stays.
// - `like`: the syscall's man page sends the reader to another's ERRORS (readv to read, pread64's
//   page is pread(2), which the generator does not map): those errnos are added first.

import type { FdKind } from './fd-paths.js';

export interface FaultCondition {
  arg?: { name: string; oneOf: readonly string[] };
  fdFromPath?: true;
  fdKind?: readonly FdKind[];
  nonblocking?: true;
}

export interface FaultModelEntry {
  like?: string;
  inject?: 'after';
  never?: Readonly<Record<string, string>>;
  only?: Readonly<Record<string, FaultCondition>>;
  /** Where each statement comes from: man page sections, kernel functions (fs/open.c: close_fd). */
  sources: readonly string[];
}

// close(2): the fd is released first (file_close_fd), then ->flush runs and its error is returned
// (filp_flush); only files with a ->flush (NFS, FUSE, CIFS...) report one, so pipes and sockets never.
const CLOSE: FaultModelEntry = {
  inject: 'after',
  only: { EIO: { fdFromPath: true }, ENOSPC: { fdFromPath: true }, EDQUOT: { fdFromPath: true }, EINTR: { fdFromPath: true } },
  sources: ['close(2) NOTES, "Dealing with error returns from close()"', 'fs/open.c: close_fd(), file_close_fd() then filp_flush()'],
};

const DUP_NEVER = {
  EINTR: 'fs/file.c never returns EINTR from dup*: filp_close() of the replaced fd is not reported (dup2(2) lists it for other systems)',
};

const DUP2: FaultModelEntry = {
  never: {
    ...DUP_NEVER,
    EBUSY: "fs/file.c do_dup2(): only while another thread's open(2) holds newfd reserved, a race the program did not make",
    EMFILE: 'fs/file.c ksys_dup3(): newfd at or above RLIMIT_NOFILE is EBADF; expand_files() gives EMFILE only above nr_open, which the limit cannot exceed',
  },
  sources: ['dup(2) ERRORS', 'fs/file.c: ksys_dup3(), do_dup2(), expand_files()'],
};

// read(2)/write(2) on what kind of fd. Regular files never block (EAGAIN needs O_NONBLOCK and an fd
// that can block: pipe_read()/pipe_write(), sock_*, tty), and a read or write of a regular file
// is not interrupted by a signal (EINTR comes from the interruptible waits of pipes, sockets and
// terminals; a local filesystem's page-cache copy has none). EPIPE is a pipe's or a socket's; the
// space errors and seals are a file's; EIO is not a pipe's or a socket's.
const MAY_BLOCK: readonly FdKind[] = ['device', 'fifo', 'socket', 'special'];
const BLOCKING_IO: Readonly<Record<string, FaultCondition>> = {
  EAGAIN: { fdKind: MAY_BLOCK, nonblocking: true },
  EINTR: { fdKind: MAY_BLOCK },
};
const READ_ONLY: Readonly<Record<string, FaultCondition>> = {
  ...BLOCKING_IO,
  EIO: { fdKind: ['file', 'dir', 'device', 'special'] },
};
const WRITE_ONLY: Readonly<Record<string, FaultCondition>> = {
  ...BLOCKING_IO,
  EIO: { fdKind: ['file', 'device', 'special'] },
  EPIPE: { fdKind: ['fifo', 'socket'] },
  ENOSPC: { fdKind: ['file', 'device'] },
  EDQUOT: { fdKind: ['file'] },
  EFBIG: { fdKind: ['file'] },
  EPERM: { fdKind: ['file', 'special'] },
};
const IO_SOURCES = [
  'read(2), write(2) ERRORS and NOTES',
  'fs/pipe.c: pipe_read(), pipe_write() (EAGAIN, EINTR, EPIPE)',
  'mm/filemap.c: filemap_read(); fs/ext4/file.c: ext4_buffered_write_iter() (only killable waits on a local file: -EINTR with a fatal signal only)',
];
const READ: FaultModelEntry = { only: READ_ONLY, sources: IO_SOURCES };
const WRITE: FaultModelEntry = { only: WRITE_ONLY, sources: IO_SOURCES };
// readv(2)'s own EOPNOTSUPP is preadv2's and pwritev2's unknown flag: the others have no flags.
const VECTORED_NEVER = { EOPNOTSUPP: 'readv(2) ERRORS: "an unknown flag is specified in flags", and only preadv2/pwritev2 have flags' };
const READV: FaultModelEntry = { ...READ, like: 'read', never: VECTORED_NEVER, sources: [...IO_SOURCES, 'readv(2) ERRORS: "the errors are as given for read(2)"'] };
const WRITEV: FaultModelEntry = { ...WRITE, like: 'write', never: VECTORED_NEVER, sources: [...IO_SOURCES, 'readv(2) ERRORS: "the errors are as given for write(2)"'] };

// fsync(2) lists EINTR, but vfs_fsync_range() on a local filesystem waits uninterruptibly for
// writeback (filemap_write_and_wait_range); only FUSE and NFS can be interrupted.
const FSYNC: FaultModelEntry = {
  only: { EROFS: { fdKind: ['device', 'fifo', 'socket', 'special'] } },
  never: { EINTR: 'mm/filemap.c: filemap_write_and_wait_range() waits uninterruptibly on local filesystems (FUSE and NFS are not modelled)' },
  sources: ['fsync(2) ERRORS: EROFS, EINVAL "fd is bound to a special file"', 'fs/sync.c: vfs_fsync_range()', 'mm/filemap.c: filemap_write_and_wait_range()'],
};

export const FAULT_MODEL: Readonly<Record<string, FaultModelEntry>> = {
  read: READ,
  readv: READV,
  preadv: READV,
  // pread(2): "can fail and set errno to any error specified for read(2)"; its own ESPIPE,
  // EINVAL and EOVERFLOW are caller mistakes (exclusions.ts).
  pread64: { ...READ, like: 'read', sources: [...IO_SOURCES, 'pread(2) ERRORS'] },
  write: WRITE,
  writev: WRITEV,
  pwritev: WRITEV,
  pwrite64: { ...WRITE, like: 'write', sources: [...IO_SOURCES, 'pread(2) ERRORS'] },
  // preadv2/pwritev2 with RWF_NOWAIT give EAGAIN on a regular file: their own page's list, unmodelled.
  preadv2: { like: 'read', sources: ['readv(2) ERRORS: "the errors are as given for read(2)"'] },
  pwritev2: { like: 'write', sources: ['readv(2) ERRORS: "the errors are as given for write(2)"'] },
  fsync: FSYNC,
  fdatasync: FSYNC,
  close: CLOSE,
  dup: {
    never: { ...DUP_NEVER, EBUSY: 'fs/file.c: only do_dup2() (dup2, dup3) has an EBUSY path' },
    sources: ['dup(2) ERRORS', 'fs/file.c: ksys_dup(), get_unused_fd_flags()'],
  },
  dup2: DUP2,
  dup3: DUP2,
  lseek: {
    only: { ENXIO: { arg: { name: 'whence', oneOf: ['SEEK_DATA', 'SEEK_HOLE'] } } },
    sources: ['lseek(2) ERRORS: ENXIO "whence is SEEK_DATA or SEEK_HOLE, and offset is beyond the end of the file"', 'fs/read_write.c: generic_file_llseek_size()'],
  },
};
