// Pass: every selector names a known syscall, family or class of the target architecture.

import { familyOf, libcAvoids, resolveSelector } from '../../tables/index.js';
import type { RuleContext } from './context.js';
import { knownNames } from './names.js';
import { didYouMean } from './suggest.js';

const PREFIX = { name: '', family: '@', class: '%' } as const;
const CODE = { name: 'SCT_UNKNOWN_SYSCALL', family: 'SCT_UNKNOWN_FAMILY', class: 'SCT_UNKNOWN_CLASS' } as const;
const WHAT = { name: 'syscall', family: 'syscall family', class: 'syscall class' } as const;

export function checkSelectors(ctx: RuleContext): void {
  const seen = new Set<number>();
  if (ctx.rule.syscalls.length === 0) {
    ctx.report('SCT_UNKNOWN_SYSCALL', 'the rule selects no syscall; set syscall_name');
    ctx.selectorsResolved = false;
  }
  for (const sel of ctx.rule.syscalls) {
    const entries = resolveSelector(sel, ctx.arch);
    if (!entries || entries.length === 0) {
      const names = knownNames(ctx.arch);
      const candidates = sel.kind === 'name' ? names.syscalls : sel.kind === 'family' ? names.families : names.classes;
      const p = PREFIX[sel.kind];
      const instead = sel.kind === 'name' ? libcAvoids(sel.name, ctx.arch) : undefined;
      if (instead !== undefined) {
        const family = familyOf(sel.name);
        const advice = family !== undefined ? `; write @${family} to match every variant` : '';
        ctx.report('SCT_UNKNOWN_SYSCALL', `syscall '${sel.name}' does not exist on ${ctx.arch}; libc calls ${instead} instead${advice}`, sel);
        ctx.selectorsResolved = false;
        continue;
      }
      const hint = didYouMean(sel.name, candidates, p) || (entries ? ` (it has no member on ${ctx.arch})` : ` on ${ctx.arch}`);
      ctx.report(CODE[sel.kind], `unknown ${WHAT[sel.kind]} '${p}${sel.name}'${hint}`, sel);
      ctx.selectorsResolved = false;
      continue;
    }
    for (const e of entries) {
      if (!seen.has(e.nr)) {
        seen.add(e.nr);
        ctx.entries.push(e);
      }
    }
  }
}
