// How a site's calls are told apart from other calls of the same syscall, so that `nth(n)` of a
// rule filtered by the key picks the recorded call: its path argument, the path its fd was
// opened from, its fd number, or nothing (every call of the syscall counts).

import { lookupSyscall } from '../tables/index.js';
import type { ProfiledCall, SiteKey } from './types.js';

/** `afterCall`: the key of a fault injected after the call, when a closed fd has no path left to match. */
export function keyOf(c: ProfiledCall, afterCall = false): SiteKey {
  if (c.path) return { kind: 'path', path: c.path };
  if (c.fdPath && !afterCall) return { kind: 'fdPath', path: c.fdPath };
  const fdArg = lookupSyscall(c.syscall)?.args.find((a) => a.type === 'fd');
  if (c.fd !== undefined && fdArg) return { kind: 'fd', fd: c.fd };
  return { kind: 'any' };
}

export function keyText(k: SiteKey): string {
  switch (k.kind) {
    case 'path': return `path=${JSON.stringify(k.path)}`;
    case 'fdPath': return `fd.path=${JSON.stringify(k.path)}`;
    case 'fd': return `fd=${k.fd}`;
    case 'any': return '';
  }
}

/** fd.path is what /proc says: absolute. A relative recorded path matches as a suffix. */
export function fdPathMatches(recorded: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  return recorded.startsWith('/') ? actual === recorded : actual === recorded || actual.endsWith(`/${recorded}`);
}

/** Whether the rule compiled for a site with key `k` on `c`'s syscall matches `c` (same counter semantics). */
export function keyMatches(k: SiteKey, c: ProfiledCall): boolean {
  switch (k.kind) {
    case 'path': return c.path === k.path;
    case 'fdPath': return fdPathMatches(k.path, c.fdPath);
    case 'fd': return c.fd === k.fd;
    case 'any': return true;
  }
}
