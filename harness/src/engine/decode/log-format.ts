// LOG lines: a format string with %variables (docs/log-format.md), filled from an event.

import type { DecodedEvent } from './event.js';
import { formatReturn } from './errno-text.js';
import { errnoName } from '../../tables/index.js';
import { formatCall, formatParams, type FormatOptions } from './format-call.js';
import { readProcInfo, type ProcInfo } from './proc-info.js';
import { logVariablePattern } from '../../rules/log-variables.js';

export { LOG_VARIABLES } from '../../rules/log-variables.js';

export const DEFAULT_LOG_FORMAT = '[pid %pid] %call';

export interface LogContext extends FormatOptions {
  /** Monotonic ns at the start of the run: %time is relative to it. */
  startNs: bigint;
  compatNames?: ReadonlyMap<number, string>;
  /** Override for tests; default reads /proc. */
  procInfo?: (pid: number, tid: number) => ProcInfo;
}

const VAR_RE = logVariablePattern();

function result(e: DecodedEvent): bigint | undefined {
  return e.seen ?? e.retval;
}

export function formatLogLine(format: string, e: DecodedEvent, ctx: LogContext): string {
  let info: ProcInfo | undefined;
  // What the supervisor read during the call; /proc now only for events that lack it (API users'
  // own formats on events from rules compiled without procInfo).
  const proc = (): ProcInfo => (info ??= e.proc ?? (ctx.procInfo ?? readProcInfo)(e.pid, e.tid));
  let params: string[] | undefined;
  const param = (): string[] => (params ??= formatParams(e, ctx, ctx.compatNames));
  return format.replace(VAR_RE, (_m, name: string) => {
    switch (name) {
      case '%': return '%';
      case 'pid': return String(e.pid);
      case 'tid': return String(e.tid);
      case 'ppid': return String(proc().ppid ?? '?');
      case 'uid': return String(proc().uid ?? '?');
      case 'comm': return proc().comm ?? '?';
      case 'exe': return proc().exe ?? '?';
      case 'cwd': return proc().cwd ?? '?';
      case 'sid': return String(e.nr ?? '?');
      case 'sname': return e.syscall ?? '?';
      case 'params': return param().join(', ');
      case 'ret': {
        const r = result(e);
        return r === undefined ? '?' : formatReturn(r);
      }
      case 'errno': {
        const r = result(e);
        return r !== undefined && r < 0n && r >= -4095n ? (errnoName(Number(-r)) ?? String(-r)) : '0';
      }
      case 'ruleid': return String(e.rule ?? '?');
      case 'rulename': return e.ruleName ?? String(e.rule ?? '?');
      case 'when': return e.phase ?? '?';
      case 'time': {
        const ns = e.time - ctx.startNs;
        return (Number(ns) / 1e9).toFixed(6);
      }
      case 'call': return formatCall(e, ctx);
      default: {
        const i = Number(name.slice('param'.length)) - 1;
        return param()[i] ?? '?';
      }
    }
  });
}
