// The NDJSON event schema of `--json` (docs/events.md, docs/events.schema.json): one object per
// line, 64-bit values as decimal strings, memory as text or hex.

import type { DecodedEvent } from './event.js';
import { formatCall, type FormatOptions } from './format-call.js';

export const EVENT_SCHEMA_VERSION = 1;

export type JsonEvent = Record<string, unknown> & { v: number; type: string; time: string; pid: number; tid: number };

export function toJsonEvent(e: DecodedEvent, opts: FormatOptions & { compatNames?: ReadonlyMap<number, string> }): JsonEvent {
  const out: JsonEvent = { v: EVENT_SCHEMA_VERSION, type: e.type, time: e.time.toString(), pid: e.pid, tid: e.tid };
  if (e.rule !== undefined) out.rule = e.rule;
  if (e.ruleName !== undefined) out.ruleName = e.ruleName;
  if (e.action !== undefined) out.action = e.action;
  if (e.syscall !== undefined) out.syscall = e.syscall;
  if (e.nr !== undefined) out.nr = e.nr;
  if (e.abi !== undefined) out.abi = e.abi;
  if (e.phase !== undefined) out.phase = e.phase;
  if (e.args) out.args = e.args.map((a) => BigInt.asUintN(64, a).toString());
  if (e.mem) {
    out.mem = Object.fromEntries(
      Object.entries(e.mem).map(([k, v]) => [k, typeof v === 'string' ? { text: v } : { hex: Buffer.from(v).toString('hex') }]),
    );
  }
  if (e.retval !== undefined) out.retval = e.retval.toString();
  if (e.seen !== undefined) out.seen = e.seen.toString();
  if (e.proc) out.proc = e.proc;
  if (e.acted !== undefined) out.acted = e.acted;
  if (e.child !== undefined) out.child = e.child;
  if (e.status !== undefined) out.status = e.status;
  if (e.message !== undefined) out.message = e.message;
  if (e.type === 'rule' && e.syscall !== undefined) out.call = formatCall(e, opts);
  return out;
}
