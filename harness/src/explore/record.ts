// Step 1: run the target once, unfaulted, with an after-phase LOG rule on every syscall, and keep
// its syscall profile: which calls, in which order, on which paths and fds, with what result.

import { resolve } from 'node:path';
import type { DecodedEvent } from '../engine/decode/index.js';
import { rule } from '../rules/builder/index.js';
import { runScenario, type Scenario } from '../scenarios/index.js';
import { scenarioDir } from '../scenarios/target.js';
import { getTable, hostArch, lookupSyscall } from '../tables/index.js';
import { BaselineFailsError, ExploreRecordError } from './errors.js';
import type { Exclusions } from './exclusions.js';
import { FdPaths } from './fd-paths.js';
import { guardRules } from './guard.js';
import { startupEnd } from './startup.js';
import type { Profile, ProfiledCall, Runtime } from './types.js';

/** Calls that never return to an after-phase stop. */
const NO_RETURN = new Set(['exit', 'exit_group', 'rt_sigreturn', 'execve', 'execveat']);

export const RECORD_RULE_NAME = 'sct-explore-record';

export function recordRule() {
  const names = getTable(hostArch()).syscalls.map((s) => s.name).filter((n) => !NO_RETURN.has(n));
  return rule.after(...names).log().named(RECORD_RULE_NAME).build();
}

/** The first argument of `type` (0-based index), per the syscall table. */
function argIndex(syscall: string, types: readonly string[]): number {
  return lookupSyscall(syscall)?.args.findIndex((a) => types.includes(a.type)) ?? -1;
}

export function profiledCalls(events: readonly DecodedEvent[]): ProfiledCall[] {
  const fds = new FdPaths();
  const calls: ProfiledCall[] = [];
  for (const e of events) {
    if (e.type === 'fork' && e.child !== undefined) fds.fork(e.pid, e.child);
    if (e.type !== 'rule' || e.ruleName !== RECORD_RULE_NAME || e.syscall === undefined) continue;
    const args = e.args ?? [];
    const call: ProfiledCall = { seq: calls.length, pid: e.pid, tid: e.tid, syscall: e.syscall, args, startup: false };
    if (e.retval !== undefined) call.retval = e.retval;
    const p = argIndex(e.syscall, ['path']);
    const text = p >= 0 ? e.mem?.[p] : undefined;
    if (typeof text === 'string') call.path = text;
    const f = argIndex(e.syscall, ['fd', 'dirfd']);
    if (f >= 0 && args[f] !== undefined) {
      const fd = Number(BigInt.asIntN(32, args[f]!));
      if (fd >= 0) {
        call.fd = fd;
        const info = fds.info(e.pid, fd);
        if (info?.path !== undefined) call.fdPath = info.path;
        if (info?.kind !== undefined) call.fdKind = info.kind;
        if (info?.nonblock !== undefined) call.fdNonblock = info.nonblock;
      }
    }
    fds.after(e.pid, e.syscall, args, call.path, e.retval);
    calls.push(call);
  }
  return calls;
}

export function runtimeOf(scenario: Scenario): Runtime {
  return scenario.target.node !== undefined ? 'node' : 'native';
}

export interface RecordOptions {
  exclusions: Exclusions;
  baseDir?: string;
}

/** Runs the scenario once without faults; throws when it fails there (nothing to explore). */
export async function recordProfile(scenario: Scenario, opts: RecordOptions): Promise<Profile> {
  const traced: Scenario = { ...scenario, rules: [...scenario.rules, ...guardRules(), recordRule()] };
  const verdict = await runScenario(traced, opts.baseDir !== undefined ? { baseDir: opts.baseDir } : {});
  const record = verdict.record;
  if (!record) throw new ExploreRecordError(`scenario '${scenario.name}': the recording run did not start: ${verdict.reasons.join('; ')}`);
  if (!verdict.passed) {
    throw new BaselineFailsError(`scenario '${scenario.name}' fails without any injected fault, so there is nothing to explore:\n  - ${verdict.reasons.join('\n  - ')}`, verdict.reasons);
  }
  const calls = profiledCalls(record.events);
  const runtime = runtimeOf(scenario);
  const entry = scenario.target.node !== undefined ? resolve(scenarioDir(scenario, opts.baseDir), scenario.target.node) : undefined;
  const end = startupEnd(calls, opts.exclusions, entry);
  for (const c of calls) c.startup = c.seq < end;
  return { runtime, calls, startupEnd: end, exitCode: record.exitCode, signal: record.signal, durationMs: record.durationMs };
}
