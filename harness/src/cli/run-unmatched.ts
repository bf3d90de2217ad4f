// Rules that never matched during a run: a silent zero is the easiest way to believe a bug is not
// there (a relative -P path, a syscall the program does not use). One summary line per rule, or
// an `unmatched` event with --json. Tier-1 rules are not counted, so nothing can be said of them.

import type { DecodedEvent } from '../engine/decode/index.js';
import type { RuleCount } from '../engine/run.js';
import type { Rule } from '../rules/model.js';
import { ARGV_SOURCE } from '../rules/strace/locate.js';
import { selectorText } from '../scenarios/injections.js';

/** `fdatasync -P t.db`, `'deny-config'`: which rule, as the user wrote it. */
export function describeRule(rule: Rule, paths: readonly string[]): string {
  if (rule.name !== undefined) return `'${rule.name}'`;
  const syscalls = rule.syscalls.map(selectorText).join(',');
  const fromArgv = rule.loc?.source === ARGV_SOURCE;
  return fromArgv && paths.length > 0 ? `${syscalls} ${paths.map((p) => `-P ${p}`).join(' ')}` : syscalls;
}

export function unmatchedEvents(counts: readonly RuleCount[], rules: readonly Rule[], paths: readonly string[]): DecodedEvent[] {
  return counts
    .filter((c) => c.counted && c.matched === 0)
    .map((c) => {
      const rule = rules[c.rule - 1]!;
      return {
        type: 'unmatched',
        time: process.hrtime.bigint(),
        pid: 0,
        tid: 0,
        rule: c.rule,
        ...(rule.name === undefined ? {} : { ruleName: rule.name }),
        action: rule.callback ? 'CALLBACK' : rule.action.type,
        message: describeRule(rule, paths),
      };
    });
}

/** `rule 2 (fdatasync -P t.db): never matched`. */
export function formatUnmatched(e: DecodedEvent): string {
  return `sct: rule ${e.rule ?? '?'} (${e.message ?? ''}): never matched`;
}
