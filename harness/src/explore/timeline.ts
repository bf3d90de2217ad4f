// The failing run again, with the recording rule beside the schedule's rules: every syscall in
// order, the injected ones marked (for the HTML report).

import type { DecodedEvent } from '../engine/decode/index.js';
import { errnoName, lookupSyscall } from '../tables/index.js';
import { runScenario, type Scenario } from '../scenarios/index.js';
import { scheduledScenario } from './evaluate.js';
import { GUARD_RULE_NAME } from './guard.js';
import { RECORD_RULE_NAME, recordRule } from './record.js';
import type { Schedule } from './types.js';

export interface TimelineEntry {
  /** ms since the first call. */
  ms: number;
  pid: number;
  syscall: string;
  detail: string;
  result: string;
  /** The injected fault, for calls a schedule rule acted on. */
  fault?: string;
}

const result = (v: bigint | undefined): string => {
  if (v === undefined) return '';
  if (v < 0n && v > -4096n) return `-1 ${errnoName(Number(-v)) ?? String(v)}`;
  return v > 0xffffn ? `0x${v.toString(16)}` : v.toString();
};

function detail(e: DecodedEvent): string {
  const texts = Object.values(e.mem ?? {}).filter((m): m is string => typeof m === 'string' && m !== '');
  const fdIndex = e.syscall !== undefined ? (lookupSyscall(e.syscall)?.args.findIndex((a) => a.type === 'fd') ?? -1) : -1;
  const fd = fdIndex >= 0 ? e.args?.[fdIndex] : undefined;
  return texts.length ? texts.map((t) => JSON.stringify(t)).join(', ') : fd !== undefined ? `fd ${BigInt.asIntN(32, fd)}` : '';
}

function faultText(e: DecodedEvent): string {
  if (e.action === 'FAIL' && e.seen !== undefined) return `${e.ruleName}: ${errnoName(Number(-e.seen)) ?? e.seen}`;
  return `${e.ruleName}: ${e.action === 'ALTER' ? 'short count' : (e.action ?? '').toLowerCase()}`;
}

export function timelineOf(events: readonly DecodedEvent[]): TimelineEntry[] {
  const calls = events.filter((e) => e.type === 'rule' && e.syscall !== undefined && (e.ruleName === RECORD_RULE_NAME || (e.acted && e.action !== 'LOG' && e.ruleName !== GUARD_RULE_NAME)));
  const t0 = calls[0]?.time ?? 0n;
  const out: TimelineEntry[] = [];
  for (const e of calls) {
    const ms = Number(e.time - t0) / 1e6;
    if (e.ruleName === RECORD_RULE_NAME) {
      // An ALTER or DELAY fault let the call run: mark the call itself.
      const prev = out[out.length - 1];
      if (prev?.fault !== undefined && prev.result === '' && prev.syscall === e.syscall && prev.pid === e.pid) {
        prev.result = result(e.retval);
        continue;
      }
      out.push({ ms, pid: e.pid, syscall: e.syscall!, detail: detail(e), result: result(e.retval) });
    } else {
      const failed = e.action === 'FAIL';
      out.push({ ms, pid: e.pid, syscall: e.syscall!, detail: detail(e), result: failed ? result(e.seen) : '', fault: faultText(e) });
    }
  }
  return out;
}

export async function timelineRun(scenario: Scenario, schedule: Schedule, baseDir?: string): Promise<TimelineEntry[]> {
  const s = scheduledScenario(scenario, schedule);
  const v = await runScenario({ ...s, rules: [...s.rules, recordRule()] }, baseDir !== undefined ? { baseDir } : {});
  return timelineOf(v.record?.events ?? []);
}
