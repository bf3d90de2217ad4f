// What `sct explore` leaves out of the fault space by default, as data (docs/explore.md).
// Override any field with explore({ exclusions }) or the CLI's --include / --exclude flags.

export interface Exclusions {
  startup: {
    /** Memory and thread set-up calls the loader (and libc's early init) makes before main. */
    syscalls: string[];
    /** File calls the loader makes on its own files (`loaderPaths`). */
    fileSyscalls: string[];
    /** Regular expressions (JS syntax) for the loader's files: its cache and shared objects. */
    loaderPaths: string[];
    /** ld.so unmaps its cache when it is done: that munmap ends a dynamic program's start-up. */
    cachePath: string;
    /** For a Node target, start-up lasts until Node opens the entry script (Node bootstrapping itself). */
    nodeEntryScript: boolean;
  };
  /** A runtime's own calls, excluded after start-up too. */
  runtimes: Record<'native' | 'node', {
    syscalls: string[];
    /** Regular expressions (JS syntax) for the runtime's own files. */
    paths: string[];
    /** Only the main thread of each process runs the program's code. */
    mainThreadOnly: boolean;
    /** Only calls on a path, or on an fd opened from a path: the runtime's own fds (eventfd, epoll, pipes) are its plumbing. */
    pathCallsOnly: boolean;
  }>;
  /** Calls on these fds (the target's stdout and stderr, which the checks read) are left out. */
  outputFds: number[];
  /** Leave out calls that already failed in the recording (probes for optional files). */
  skipFailedCalls: boolean;
  errnos: {
    /** Errnos that report the caller's own mistake (bad pointer, fd or argument), not a condition of the system. */
    never: string[];
    /** Errnos a correct program retries: checks may demand the normal result under them. */
    transient: string[];
  };
  /** Syscalls that may block: a DELAY fault is offered on these. */
  delaySyscalls: string[];
  delayUs: number;
  /** Syscalls left out wherever they occur (added by the user). */
  syscalls: string[];
}

export const DEFAULT_EXCLUSIONS: Exclusions = {
  startup: {
    syscalls: ['brk', 'mmap', 'mprotect', 'munmap', 'arch_prctl', 'set_tid_address', 'set_robust_list', 'rseq', 'prlimit64'],
    fileSyscalls: ['access', 'faccessat', 'openat', 'open', 'newfstatat', 'fstat', 'read', 'pread64', 'close', 'mmap'],
    loaderPaths: ['^/etc/ld\\.so\\.', '^/lib', '^/usr/lib'],
    cachePath: '/etc/ld.so.cache',
    nodeEntryScript: true,
  },
  runtimes: {
    // libc's allocator grows the heap with brk; threads park on futex. The program's own mmap
    // (after start-up) stays in: a C program may well map memory itself.
    native: {
      syscalls: ['brk', 'futex', 'rseq', 'set_robust_list', 'exit', 'exit_group', 'rt_sigreturn', 'restart_syscall'],
      paths: [],
      mainThreadOnly: false,
      pathCallsOnly: false,
    },
    // V8's heap (mmap/munmap/mprotect/madvise), libuv's loop (epoll, eventfd), its thread pool
    // (clone3, futex, every thread but the main one), signal and stdio plumbing.
    node: {
      syscalls: [
        'brk', 'mmap', 'munmap', 'mprotect', 'madvise', 'mremap', 'futex', 'rseq', 'set_robust_list', 'exit', 'exit_group', 'rt_sigreturn',
        'restart_syscall', 'epoll_create1', 'epoll_ctl', 'epoll_pwait', 'epoll_wait', 'eventfd2', 'clone3', 'clone', 'rt_sigaction',
        'rt_sigprocmask', 'sched_yield', 'sigaltstack', 'getpid', 'uname', 'fcntl', 'ioctl',
      ],
      paths: ['^/proc/', '^/sys/', '^/dev/null$'],
      mainThreadOnly: true,
      pathCallsOnly: true,
    },
  },
  outputFds: [1, 2],
  skipFailedCalls: true,
  errnos: {
    never: [
      'EFAULT', 'EBADF', 'EINVAL', 'ENOTSOCK', 'EDESTADDRREQ', 'EISCONN', 'EALREADY', 'ENAMETOOLONG', 'ELOOP', 'ENOTDIR', 'EISDIR',
      'ESPIPE', 'EOVERFLOW', 'EBADFD', 'ECHILD', 'ESRCH',
    ],
    transient: ['EINTR', 'EAGAIN'],
  },
  delaySyscalls: ['read', 'write', 'connect', 'accept', 'accept4', 'recvfrom', 'sendto', 'poll', 'wait4', 'fsync', 'fdatasync'],
  delayUs: 20_000,
  syscalls: [],
};

export type ExclusionsOverride = {
  [K in keyof Exclusions]?: Exclusions[K] extends unknown[] ? Exclusions[K] : Exclusions[K] extends object ? Partial<Exclusions[K]> : Exclusions[K];
};

/** The defaults with `override`'s fields replacing theirs (one level deep). */
export function mergeExclusions(override: ExclusionsOverride = {}): Exclusions {
  const out = structuredClone(DEFAULT_EXCLUSIONS);
  for (const [k, v] of Object.entries(override) as [keyof Exclusions, unknown][]) {
    if (v === undefined) continue;
    const cur = out[k];
    (out as unknown as Record<string, unknown>)[k] = Array.isArray(v) || typeof v !== 'object' || v === null ? v : { ...(cur as object), ...(v as object) };
  }
  return out;
}
