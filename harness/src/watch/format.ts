// How `sct watch` prints an event: a LOG rule's own format (docs/log-format.md, filled from the
// facts the kernel read at the call), else the watch's default line, which answers "who":
//   unlinkat pid=4242 ppid=4241 uid=0 comm=rm path="/tmp/victim" = 0
// With --json, the `sct run --json` schema (docs/events.md).

import { formatLogLine, formatReturn, quoteString, toJsonEvent, type DecodedEvent } from '../engine/decode/index.js';
import type { Rule } from '../rules/model.js';
import { WATCH_PATH_LIMIT } from './contract.js';

export interface LineOptions {
  json: boolean;
  /** Monotonic ns at the start (%time). */
  startNs: bigint;
}

/** The default line; `strArg` is the argument the kernel copied (mem[strArg]). */
export function defaultLine(e: DecodedEvent, strArg: number | undefined): string {
  const p = e.proc ?? {};
  const str = strArg === undefined ? undefined : e.mem?.[strArg];
  const path = typeof str === 'string' ? ` path=${quoteString(str, WATCH_PATH_LIMIT)}` : '';
  const ret = e.retval !== undefined ? ` = ${formatReturn(e.retval)}` : '';
  const act = e.action && e.action !== 'LOG' ? ` [${e.action}${e.phase === 'before' ? ' at sys_enter' : ''}]` : '';
  return `${e.syscall} pid=${e.pid}${e.tid !== e.pid ? ` tid=${e.tid}` : ''} ppid=${p.ppid ?? '?'} uid=${p.uid ?? '?'} comm=${p.comm ?? '?'}${path}${ret}${act}`;
}

/** The line for one event of `rule`; `ownFormat`: the rule's LOG format is the user's (not -e trace's). */
export function eventLine(e: DecodedEvent, rule: Rule, ownFormat: boolean, strArg: number | undefined, o: LineOptions): string {
  if (o.json) return JSON.stringify(toJsonEvent(e, { arch: 'x86_64', stringLimit: WATCH_PATH_LIMIT }));
  if (ownFormat && rule.action.type === 'LOG' && rule.action.format !== undefined) {
    return formatLogLine(rule.action.format, e, { arch: 'x86_64', stringLimit: WATCH_PATH_LIMIT, startNs: o.startNs });
  }
  return defaultLine(e, strArg);
}
