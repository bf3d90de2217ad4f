// What the kernel can really return, per syscall, beyond the man page's ERRORS list (which is
// per page, not per call or per argument): data that faults.ts applies to `documentedErrnos`.
// docs/explore.md ("The fault model") has the table with its sources; keep the two together.
//
// - `inject: 'after'`: the call's effect happens even when it reports the error, so the fault is
//   injected after the call ran (its result replaced), never before (which would skip the effect).
// - `never`: errnos the page lists that this call cannot return on Linux, with why.
// - `only`: errnos it returns only for some arguments: `arg` one of the named constants, or an fd
//   opened from a path (`fdFromPath`: a file, not a pipe, socket or eventfd).

export type FaultCondition = { arg: string; oneOf: readonly string[] } | { fdFromPath: true };

export interface FaultModelEntry {
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

export const FAULT_MODEL: Readonly<Record<string, FaultModelEntry>> = {
  close: CLOSE,
  dup: {
    never: { ...DUP_NEVER, EBUSY: 'fs/file.c: only do_dup2() (dup2, dup3) has an EBUSY path' },
    sources: ['dup(2) ERRORS', 'fs/file.c: ksys_dup(), get_unused_fd_flags()'],
  },
  dup2: DUP2,
  dup3: DUP2,
  lseek: {
    only: { ENXIO: { arg: 'whence', oneOf: ['SEEK_DATA', 'SEEK_HOLE'] } },
    sources: ['lseek(2) ERRORS: ENXIO "whence is SEEK_DATA or SEEK_HOLE, and offset is beyond the end of the file"', 'fs/read_write.c: generic_file_llseek_size()'],
  },
};
