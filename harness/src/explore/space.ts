// Step 2a: the fault space: every recorded call after start-up that is not a runtime internal,
// with the faults it can take. A site is "the nth call of this syscall matching this key".

import type { Exclusions } from './exclusions.js';
import { faultsFor, injectsAfter } from './faults.js';
import { keyMatches, keyOf, keyText } from './site-key.js';
import type { FaultSpace, Profile, ProfiledCall, Site } from './types.js';

/** Why a call is left out, or undefined when it is in the space. */
export function exclusionReason(c: ProfiledCall, profile: Profile, ex: Exclusions): string | undefined {
  if (c.startup) return 'start-up (loader)';
  if (ex.syscalls.includes(c.syscall)) return `excluded syscall ${c.syscall}`;
  const rt = ex.runtimes[profile.runtime];
  if (rt.syscalls.includes(c.syscall)) return `runtime internal (${profile.runtime}): ${c.syscall}`;
  if (rt.paths.some((p) => new RegExp(p).test(c.path ?? c.fdPath ?? '\0'))) return `runtime path (${profile.runtime})`;
  if (rt.mainThreadOnly && c.tid !== c.pid) return `runtime thread (${profile.runtime})`;
  if (rt.pathCallsOnly && c.path === undefined && c.fdPath === undefined) return `runtime plumbing (${profile.runtime}): not on a path`;
  if (c.fd !== undefined && ex.outputFds.includes(c.fd) && c.fdPath === undefined) return 'output fd (stdout/stderr)';
  if (ex.skipFailedCalls && c.retval !== undefined && c.retval < 0n) return 'failed in the recording';
  return undefined;
}

export function faultSpace(profile: Profile, ex: Exclusions): FaultSpace {
  const sites: Site[] = [];
  const excluded: Record<string, number> = {};
  const skip = (why: string): void => void (excluded[why] = (excluded[why] ?? 0) + 1);
  for (const c of profile.calls) {
    const why = exclusionReason(c, profile, ex);
    if (why) { skip(why); continue; }
    const faults = faultsFor(c, ex);
    if (faults.length === 0) { skip('no fault to inject'); continue; }
    const key = keyOf(c, injectsAfter(c.syscall));
    const n = profile.calls.filter((o) => o.seq <= c.seq && o.syscall === c.syscall && keyMatches(key, o)).length;
    const kt = keyText(key);
    sites.push({ id: `${c.syscall}${kt ? `[${kt}]` : ''}#${n}`, syscall: c.syscall, key, n, seq: c.seq, faults });
  }
  return { sites, size: sites.reduce((t, s) => t + s.faults.length, 0), excluded };
}
