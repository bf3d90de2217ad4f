// Where the program's own code starts: the calls before it belong to the dynamic loader (and, for
// Node, to Node bootstrapping itself) and are left out of the fault space.
//
// The heuristic, for the first process:
//   1. A dynamically linked program maps /etc/ld.so.cache and ld.so unmaps it when it has loaded
//      and relocated every library, just before it jumps to the program: start-up ends at that munmap.
//   2. Without a cache mapping (static programs, a loader without a cache), start-up is the longest
//      prefix of set-up calls: `startup.syscalls`, or a file call on a loader path.
//   3. A Node target's start-up goes on until Node opens the entry script (any thread).

import type { Exclusions } from './exclusions.js';
import type { ProfiledCall } from './types.js';

const matchesAny = (patterns: readonly RegExp[], text: string | undefined): boolean => text !== undefined && patterns.some((p) => p.test(text));

function cacheUnmap(calls: readonly ProfiledCall[], pid: number, cachePath: string): number | undefined {
  let cacheFd: number | undefined;
  let cacheAddr: bigint | undefined;
  for (const c of calls) {
    if (c.pid !== pid) continue;
    if (c.path === cachePath && c.retval !== undefined && c.retval >= 0n) cacheFd = Number(c.retval);
    else if (c.syscall === 'mmap' && cacheFd !== undefined && c.args[4] === BigInt(cacheFd) && c.retval !== undefined) {
      cacheAddr = c.retval;
      cacheFd = undefined; // the fd number is reused for the libraries
    }
    else if (c.syscall === 'munmap' && cacheAddr !== undefined && c.args[0] === cacheAddr) return c.seq;
  }
  return undefined;
}

function setupPrefix(calls: readonly ProfiledCall[], pid: number, ex: Exclusions): number {
  const loader = ex.startup.loaderPaths.map((p) => new RegExp(p));
  let end = -1;
  for (const c of calls) {
    if (c.pid !== pid) continue;
    const fileCall = ex.startup.fileSyscalls.includes(c.syscall) && (matchesAny(loader, c.path || undefined) || matchesAny(loader, c.fdPath));
    if (!fileCall && !ex.startup.syscalls.includes(c.syscall)) break;
    end = c.seq;
  }
  return end;
}

/** seq of the first call after start-up. */
export function startupEnd(calls: readonly ProfiledCall[], ex: Exclusions, entryScript?: string): number {
  const first = calls[0];
  if (!first) return 0;
  let end = cacheUnmap(calls, first.pid, ex.startup.cachePath) ?? setupPrefix(calls, first.pid, ex);
  if (entryScript !== undefined && ex.startup.nodeEntryScript) {
    const open = calls.find((c) => c.path === entryScript && c.syscall.startsWith('open'));
    if (open) end = Math.max(end, open.seq);
  }
  return end + 1;
}
