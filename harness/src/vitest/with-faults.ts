// withFaults(): run a command under rules the way execa runs it, and keep what the supervisor
// saw. Every rule is counted and reported; the syscalls in `record` get silent LOG rules, so
// that matchers can tell "not called" from "not watched".

import { performance } from 'node:perf_hooks';
import { runWithRules, type RuleCount } from '../engine/run.js';
import type { DecodedEvent } from '../engine/decode/index.js';
import { checkBuilt, parseSelectors, rule as ruleBuilder, type RuleBuilder } from '../rules/builder/index.js';
import type { Rule } from '../rules/model.js';
import { injectionsOf } from '../scenarios/injections.js';
import type { Injection } from '../scenarios/types.js';
import { resolveSelector } from '../tables/index.js';

export interface WithFaultsOptions {
  cwd?: string;
  /** Added to this process's environment (as execa's `env` with `extendEnv`). */
  env?: Record<string, string | undefined>;
  /** Text for stdin. */
  input?: string;
  /** Kill the tree after this many ms (`timedOut` is then true). */
  timeout?: number;
  /** Syscalls to record every call of (`connect`, `@open`, `%net`): silent LOG rules. */
  record?: readonly string[];
}

export interface FaultRun {
  command: string;
  args: string[];
  stdout: string;
  stderr: string;
  /** null when a signal ended the process. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Ended by a signal, a timeout or a non-zero exit (as execa's `failed`). */
  failed: boolean;
  durationMs: number;
  /** Non-LOG rules' injections, by rule and syscall. */
  injections: Injection[];
  events: DecodedEvent[];
  counts: RuleCount[];
  /** The user's rules (checked), then the record rules. */
  rules: Rule[];
  /** Syscalls every call of which was recorded (the `record` option). */
  recorded: string[];
  /** Syscalls the user's rules apply to: their injections are all reported. */
  covered: string[];
}

function names(selectors: Rule['syscalls']): string[] {
  return selectors.flatMap((s) => resolveSelector(s)?.map((e) => e.name) ?? [s.name]);
}

export async function withFaults(rules: readonly (Rule | RuleBuilder)[], command: string, args: readonly string[] = [], options: WithFaultsOptions = {}): Promise<FaultRun> {
  const own = checkBuilt(rules);
  const recordRules = (options.record ?? []).map((spec) => ruleBuilder.before(spec).log().named(`record:${spec}`));
  const record = checkBuilt(recordRules);
  const all = [...own, ...record];
  const started = performance.now();
  const r = await runWithRules({
    command,
    args: [...args],
    rules: all,
    count: true,
    report: true,
    env: { ...process.env, ...options.env },
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.timeout !== undefined ? { timeoutMs: options.timeout } : {}),
  });
  return {
    command,
    args: [...args],
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    exitCode: r.exitCode,
    signal: r.signal,
    timedOut: r.timedOut,
    failed: r.timedOut || r.signal !== null || r.exitCode !== 0,
    durationMs: performance.now() - started,
    injections: injectionsOf(all, r.events, r.counts),
    events: r.events,
    counts: r.counts,
    rules: all,
    recorded: [...new Set(record.flatMap((x) => names(x.syscalls)))].sort(),
    covered: [...new Set(own.flatMap((x) => names(x.syscalls)))].sort(),
  };
}

/** For error messages: is `spec` a syscall selector at all? */
export function selectorNames(spec: string): string[] {
  return names(parseSelectors([spec]));
}
