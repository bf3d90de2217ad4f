// What each fd is, per process, followed through the recorded calls: the path it was opened from,
// its kind (a regular file, a pipe, a socket...) and whether it is non-blocking, as far as the
// calls show it. Open-family results and socket() add, close removes, dup copies, fcntl(F_SETFL)
// updates, a fork copies the parent's table. faults.ts uses the kind and the blocking mode to offer
// only the errnos the kernel can return on such an fd (fault-model.ts).

import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { familyOf, lookupConstant, lookupSyscall } from '../tables/index.js';

/**
 * `file`: a regular file (or memfd); `dir`; `device`: a character or block device (a terminal,
 * /dev/null); `fifo`: a named pipe; `socket`; `special`: /proc, /sys and other pseudo-files.
 * An fd the run did not show being made (a pipe, an inherited fd) has no kind: every errno stays.
 */
export type FdKind = 'file' | 'dir' | 'device' | 'fifo' | 'socket' | 'special';

export interface FdInfo {
  path?: string;
  kind?: FdKind;
  /** Known from the call that made it or an fcntl(F_SETFL); undefined when not seen. */
  nonblock?: boolean;
}

function constant(name: string): bigint {
  const c = lookupConstant(name);
  if (c === undefined) throw new Error(`fd-paths: constant ${name} is missing from the generated tables`);
  return BigInt(c.value);
}
const O_NONBLOCK = constant('O_NONBLOCK');
const O_DIRECTORY = constant('O_DIRECTORY');
const SOCK_NONBLOCK = constant('SOCK_NONBLOCK');
// fcntl's commands are not in the generated tables: include/uapi/asm-generic/fcntl.h (every
// architecture sct supports uses these) and include/uapi/linux/fcntl.h (F_DUPFD_CLOEXEC).
const F_DUPFD = 0n;
const F_SETFL = 4n;
const F_DUPFD_CLOEXEC = 1030n;

/** The kind of file a path names, from the file itself while it exists, else from where it lives. */
export function pathKind(path: string): FdKind | undefined {
  if (/^\/(proc|sys)\//.test(path)) return 'special';
  if (isAbsolute(path)) {
    try {
      const st = statSync(path);
      if (st.isFile()) return 'file';
      if (st.isDirectory()) return 'dir';
      if (st.isFIFO()) return 'fifo';
      if (st.isSocket()) return 'socket';
      return 'device';
    } catch {
      // Gone since the run (a temporary file), or never there: decided by where it lived.
    }
  }
  // A relative path lived in the run's own directory, removed since: files are what programs make
  // there. /dev and /run hold devices, FIFOs and sockets: not known.
  return /^\/(dev|run)\//.test(path) ? undefined : 'file';
}

/** The index of `syscall`'s argument called `name` in the syscall table, or -1. */
export function argIndex(syscall: string, name: string): number {
  return lookupSyscall(syscall)?.args.findIndex((a) => a.name === name) ?? -1;
}

export class FdPaths {
  private readonly tables = new Map<number, Map<number, FdInfo>>();

  private table(pid: number): Map<number, FdInfo> {
    let t = this.tables.get(pid);
    if (!t) this.tables.set(pid, (t = new Map()));
    return t;
  }

  fork(parent: number, child: number): void {
    this.tables.set(child, new Map([...this.table(parent)].map(([fd, info]) => [fd, { ...info }])));
  }


  info(pid: number, fd: number): FdInfo | undefined {
    return this.tables.get(pid)?.get(fd);
  }

  /** Updates the table after a call returned `retval`. */
  after(pid: number, syscall: string, args: readonly bigint[], path: string | undefined, retval: bigint | undefined): void {
    if (retval === undefined || retval < 0n) return;
    const t = this.table(pid);
    const arg = (name: string): bigint | undefined => {
      const i = argIndex(syscall, name);
      return i >= 0 ? args[i] : undefined;
    };
    const fd = Number(retval);
    if (familyOf(syscall) === 'open' && path !== undefined) {
      const flags = syscall === 'creat' ? 0n : arg('flags');
      const info: FdInfo = { path };
      const kind = flags !== undefined && (flags & O_DIRECTORY) !== 0n ? 'dir' : pathKind(path);
      if (kind !== undefined) info.kind = kind;
      // openat2's flags are in a struct the recording does not read.
      if (flags !== undefined) info.nonblock = (flags & O_NONBLOCK) !== 0n;
      t.set(fd, info);
    } else if (syscall === 'memfd_create') {
      t.set(fd, { kind: 'file', nonblock: false });
    } else if (syscall === 'socket' || syscall === 'accept' || syscall === 'accept4') {
      const flags = syscall === 'socket' ? arg('type') : syscall === 'accept4' ? arg('flags') : 0n;
      t.set(fd, flags === undefined ? { kind: 'socket' } : { kind: 'socket', nonblock: (flags & SOCK_NONBLOCK) !== 0n });
    } else if (syscall === 'close' && args[0] !== undefined) {
      t.delete(Number(args[0]));
    } else if ((syscall === 'dup' || syscall === 'dup2' || syscall === 'dup3') && args[0] !== undefined) {
      const from = t.get(Number(args[0]));
      if (from) t.set(fd, { ...from });
      else t.delete(fd);
    } else if (syscall === 'fcntl' && args[0] !== undefined && args[1] !== undefined) {
      const from = t.get(Number(args[0]));
      if (args[1] === F_DUPFD || args[1] === F_DUPFD_CLOEXEC) {
        if (from) t.set(fd, { ...from });
        else t.delete(fd);
      } else if (args[1] === F_SETFL && from && args[2] !== undefined) {
        from.nonblock = (args[2] & O_NONBLOCK) !== 0n;
      }
    }
  }
}
