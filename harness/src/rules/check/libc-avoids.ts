// Pass (warning): a bare name the target's libc never calls on this architecture (glibc on
// x86_64 implements open() with openat), so the rule would silently match nothing.

import { familyOf, libcAvoids, lookupSyscall } from '../../tables/index.js';
import type { RuleContext } from './context.js';

export function checkLibcAvoids(ctx: RuleContext): void {
  // The table records glibc's choices; musl calls SYS_open where it exists, so it gets no warning.
  if (ctx.libc !== 'glibc') return;
  for (const sel of ctx.rule.syscalls) {
    // A name missing on this architecture is the selectors pass's error, not a warning.
    if (sel.kind !== 'name' || !lookupSyscall(sel.name, ctx.arch)) continue;
    const instead = libcAvoids(sel.name, ctx.arch);
    if (instead === undefined) continue;
    const family = familyOf(sel.name);
    const advice = family !== undefined ? `write @${family} to match both` : `write ${sel.name}, ${instead} to match both`;
    ctx.report('SCT_LIBC_AVOIDS', `${ctx.libc} on ${ctx.arch} calls ${instead}, not ${sel.name}; ${advice}`, sel, 'warning');
  }
}
