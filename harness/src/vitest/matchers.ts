// toHaveInjected and toHaveSyscall, for expect.extend. They read only the run they are given:
// no shared state, so parallel tests cannot see each other's runs.

import { errnoByName } from '../tables/index.js';
import { UsageError } from '../errors.js';
import type { DecodedEvent } from '../engine/decode/index.js';
import { NotRecordedError } from './errors.js';
import { argsMatch, describeCall, type ArgMatch } from './match-args.js';
import { selectorNames, type FaultRun } from './with-faults.js';

export interface InjectedMatch {
  /** The errno the caller got (FAIL rules). */
  errno?: string;
  /** Exactly this many injections (default: at least one). */
  times?: number;
  /** Only this rule's injections (its name, or #n). */
  rule?: string;
}

export interface SyscallMatch {
  /** Arguments the call must have had (`{ addr: { port: 8080 } }`, `{ path: /conf$/ }`). */
  args?: ArgMatch;
  /** Shorthand for args.addr. */
  addr?: ArgMatch[string];
  /** Shorthand for args.path. */
  path?: string | RegExp;
  /** Exactly this many matching calls (default: at least one). */
  times?: number;
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

function asRun(received: unknown, matcher: string): FaultRun {
  const r = received as Partial<FaultRun> | undefined;
  if (!r || !Array.isArray(r.events) || !Array.isArray(r.recorded) || !Array.isArray(r.covered)) {
    throw new UsageError(`Expected ${matcher}() to be used on the result of withFaults(), got \`${String(received)}\` (${typeof received})`);
  }
  return r as FaultRun;
}

function namesOf(syscall: string, matcher: string): string[] {
  const names = selectorNames(syscall);
  if (names.length === 0) throw new UsageError(`Expected ${matcher}() to get a syscall name such as 'openat' or '@open', got \`${syscall}\``);
  return names;
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

export function toHaveInjected(received: unknown, syscall: string, opts: InjectedMatch = {}): MatcherResult {
  const run = asRun(received, 'toHaveInjected');
  const names = namesOf(syscall, 'toHaveInjected');
  const known = new Set([...run.covered, ...run.recorded]);
  if (!names.some((n) => known.has(n))) {
    throw new NotRecordedError(syscall, run.covered, `no rule of the run applies to it, so nothing can have been injected; add a rule for it`);
  }
  const errno = opts.errno === undefined ? undefined : errnoByName(opts.errno);
  if (opts.errno !== undefined && errno === undefined) throw new UsageError(`Expected the \`errno\` option to be an errno name such as 'EACCES', got \`${opts.errno}\``);
  const ruleIndex = opts.rule === undefined ? undefined : /^#(\d+)$/.test(opts.rule) ? Number(opts.rule.slice(1)) : run.rules.findIndex((r) => r.name === opts.rule) + 1;
  const hits = run.events.filter(
    (e: DecodedEvent) =>
      e.type === 'rule' && e.acted === true && e.rule !== undefined && e.action !== 'LOG' && names.includes(e.syscall ?? '') &&
      (ruleIndex === undefined || e.rule === ruleIndex) && (errno === undefined || e.seen === -BigInt(errno)),
  );
  const pass = opts.times === undefined ? hits.length > 0 : hits.length === opts.times;
  const what = `${syscall}${opts.errno ? ` with ${opts.errno}` : ''}${opts.rule ? ` by rule ${opts.rule}` : ''}`;
  const want = opts.times === undefined ? 'at least once' : plural(opts.times, 'time');
  const made = run.injections.map((i) => `${i.syscall}×${i.times} (${i.rule})`).join(', ') || 'none';
  return {
    pass,
    message: () => `expected ${pass ? 'no injection of' : 'an injection of'} ${what} ${pass ? '' : want}, found ${plural(hits.length, 'injection')}; all injections: ${made}`,
  };
}

export function toHaveSyscall(received: unknown, syscall: string, opts: SyscallMatch = {}): MatcherResult {
  const run = asRun(received, 'toHaveSyscall');
  const names = namesOf(syscall, 'toHaveSyscall');
  const recorded = new Set(run.recorded);
  const missing = names.filter((n) => !recorded.has(n));
  if (missing.length === names.length) {
    throw new NotRecordedError(syscall, run.recorded, `pass \`record: ['${syscall}']\` to withFaults() to record its calls`);
  }
  const want: ArgMatch = { ...opts.args, ...(opts.addr !== undefined ? { addr: opts.addr } : {}), ...(opts.path !== undefined ? { path: opts.path } : {}) };
  const calls = run.events.filter((e) => e.type === 'rule' && e.action === 'LOG' && e.ruleName?.startsWith('record:') && names.includes(e.syscall ?? ''));
  const hits = calls.filter((e) => argsMatch(e, want));
  const pass = opts.times === undefined ? hits.length > 0 : hits.length === opts.times;
  const shown = calls.slice(0, 5).map(describeCall).join('; ') + (calls.length > 5 ? `; ... (${calls.length} in all)` : '');
  return {
    pass,
    message: () =>
      `expected ${pass ? 'no' : opts.times === undefined ? 'a' : plural(opts.times, '')} call of ${syscall} matching ${JSON.stringify(want, (_k, v) => (v instanceof RegExp ? String(v) : typeof v === 'bigint' ? `${v}n` : v))}, found ${plural(hits.length, 'match')}; recorded calls: ${shown || 'none'}`,
  };
}
