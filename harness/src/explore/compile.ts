// A schedule as rules: each fault is one rule on its site's syscall, filtered by the site's key,
// acting on the nth matching call only (tree-wide counter): deterministic in a single-threaded
// target, and in any target for keys that only one thread uses.

import { rule, type RuleBuilder } from '../rules/builder/index.js';
import type { Rule } from '../rules/model.js';
import { lookupSyscall } from '../tables/index.js';
import type { Fault, Schedule, ScheduledFault, SiteKey } from './types.js';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function argName(syscall: string, types: readonly string[]): string {
  return lookupSyscall(syscall)?.args.find((a) => types.includes(a.type))?.name ?? (types.includes('path') ? 'path' : 'fd');
}

/** The where-object (as data and as TS source) for a site's key. */
export function keyFilter(syscall: string, key: SiteKey): { where?: Record<string, string | number | RegExp>; source?: string } {
  switch (key.kind) {
    case 'any': return {};
    case 'path': {
      const name = argName(syscall, ['path']);
      return { where: { [name]: key.path }, source: `{ ${name}: ${JSON.stringify(key.path)} }` };
    }
    case 'fd': {
      const name = argName(syscall, ['fd']);
      return { where: { [name]: key.fd }, source: `{ ${name}: ${key.fd} }` };
    }
    case 'fdPath': {
      const name = `${argName(syscall, ['fd', 'dirfd'])}.path`;
      if (key.path.startsWith('/')) return { where: { [name]: key.path }, source: `{ '${name}': ${JSON.stringify(key.path)} }` };
      const re = new RegExp(`\\/${escapeRe(key.path)}$`);
      return { where: { [name]: re }, source: `{ '${name}': ${re.toString()} }` };
    }
  }
}

function act(b: RuleBuilder, f: Fault): RuleBuilder {
  return f.kind === 'errno' ? b.fail(f.errno) : f.kind === 'short' ? b.alter(f.arg, f.count) : b.delay(f.us);
}

const actSource = (f: Fault): string =>
  f.kind === 'errno' ? `.fail('${f.errno}')` : f.kind === 'short' ? `.alter('${f.arg}', ${f.count})` : `.delay(${f.us})`;

export const faultRuleName = (i: number): string => `explore-${i + 1}`;

const isAfter = (f: Fault): boolean => f.kind === 'errno' && f.after === true;

export function faultRule(sf: ScheduledFault, i: number): Rule {
  const { where } = keyFilter(sf.site.syscall, sf.site.key);
  let b = isAfter(sf.fault) ? rule.after(sf.site.syscall) : rule.before(sf.site.syscall);
  if (where) b = b.where(where);
  return act(b, sf.fault).nth(sf.site.n).named(faultRuleName(i)).build();
}

export function scheduleRules(schedule: Schedule): Rule[] {
  return schedule.map(faultRule);
}

/** The same rules as TypeScript source for a reproducer file, one per line. */
export function scheduleSource(schedule: Schedule): string[] {
  return schedule.map((sf, i) => {
    const { source } = keyFilter(sf.site.syscall, sf.site.key);
    return `rule.${isAfter(sf.fault) ? 'after' : 'before'}('${sf.site.syscall}')${source ? `.where(${source})` : ''}${actSource(sf.fault)}.nth(${sf.site.n}).named('${faultRuleName(i)}')`;
  });
}
