// Turning engine events into output lines: LOG rules' format strings, or NDJSON with --json.

import { signalName, type Arch } from '../tables/index.js';
import type { Rule } from '../rules/model.js';
import { DEFAULT_LOG_FORMAT, formatLogLine, formatResult, toJsonEvent, type DecodedEvent } from '../engine/decode/index.js';
import { TWO_PHASE } from '../rules/strace/trace-rules.js';
import type { Sink } from './run-sink.js';
import { formatSuspended } from './run-suspended.js';

export interface EventPrinterOptions {
  rules: readonly Rule[];
  json: boolean;
  arch: Arch;
  sink: Sink;
  startNs: bigint;
  stringLimit?: number;
  /** Only show calls of this pid (strace without -f). */
  onlyPid?: () => number | undefined;
  /** strace -f: prefix the calls of other processes than this one with `[pid N] `. */
  prefixOthers?: () => number | undefined;
  /** strace -f -o FILE: every line starts with its pid, left-aligned in 5 columns (`%-5d `). */
  prefixAll?: boolean;
  /** strace -t (seconds) or -tt (microseconds): each line starts with the time of day. */
  timestamps?: { precise: boolean };
  /** `sct trace -f`: a `+++ exited with N +++` line when a child ends. */
  exitLines?: boolean;
  /** Whether the supervisor reports exec (ptrace is in use): calls before it are its own setup. */
  expectExec?: () => boolean;
  /**
   * `sct trace`: also print the calls of these syscalls that a rule answered before they ran (FAIL,
   * RETURN), marked ` (INJECTED)` as strace does. They never run, so no after-phase LOG sees them.
   */
  injectedOf?: ReadonlySet<string>;
}

/** A call a rule answered before it ran: what the program saw is the rule's, not the kernel's. */
function decidedBefore(e: DecodedEvent): boolean {
  return e.type === 'rule' && e.acted === true && e.phase === 'before' && e.seen !== undefined;
}

/** What strace puts before a line of process `pid`: the pid, then with -t/-tt the time `monoNs` stands for. */
export function linePrefix(o: Pick<EventPrinterOptions, 'prefixOthers' | 'prefixAll' | 'timestamps'>, pid: number, monoNs?: bigint): string {
  const main = o.prefixOthers?.();
  const who = o.prefixAll ? `${String(pid).padEnd(5)} ` : main !== undefined && pid !== main ? `[pid ${pid}] ` : '';
  return who + (o.timestamps && monoNs !== undefined ? `${wallClock(monoNs, o.timestamps.precise)} ` : '');
}

/** CLOCK_MONOTONIC (event times, process.hrtime) to the local wall clock: 12:34:56, or 12:34:56.123456 (-tt). */
function wallClock(monoNs: bigint, precise: boolean): string {
  const wallNs = monoNs + (BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint());
  const d = new Date(Number(wallNs / 1_000_000n));
  const hms = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return precise ? `${hms}.${String((wallNs / 1000n) % 1_000_000n).padStart(6, '0')}` : hms;
}

export function eventPrinter(o: EventPrinterOptions): (e: DecodedEvent) => void {
  const fmt = { arch: o.arch, ...(o.stringLimit !== undefined ? { stringLimit: o.stringLimit } : {}) };
  // Calls between installing the filter and exec are the supervisor's own child setup, not the
  // program's: when exec is reported (under ptrace), nothing is shown before it.
  let execd = false;
  // execve's line, formatted before it ran (its argv is gone after), waiting for its result.
  const held = new Map<number, string>();
  return (e) => {
    if (e.type === 'exec') execd = true;
    // A successful exec is not stopped at its return: the exec event answers it (= 0); a process
    // gone before either leaves strace's `= ?`.
    const answered = e.type === 'exec' || e.type === 'exit' ? held.get(e.tid) ?? held.get(e.pid) : undefined;
    if (answered !== undefined) {
      o.sink.write(`${answered} = ${e.type === 'exec' ? '0' : '?'}`);
      held.delete(e.tid);
      held.delete(e.pid);
    }
    const setup = !execd && o.expectExec?.() === true && e.syscall !== 'execve' && e.syscall !== 'execveat';
    if (setup && e.type === 'rule') return;
    const only = o.onlyPid?.();
    if (only !== undefined && e.type === 'rule' && e.pid !== only) return;
    if (o.json) {
      o.sink.write(JSON.stringify(toJsonEvent(e, fmt)));
      return;
    }
    const main = o.prefixOthers?.();
    if (e.type === 'exit' && o.exitLines && main !== undefined && e.pid !== main && e.status !== undefined) {
      // strace -f: each child's end; the program's own is written when the run ends.
      const how = e.status < 0 ? `killed by ${signalName(-e.status, o.arch) ?? -e.status}` : `exited with ${e.status}`;
      o.sink.write(`${linePrefix(o, e.pid, e.time)}+++ ${how} +++`);
      return;
    }
    if (e.type === 'warning') {
      o.sink.write(`sct: warning: ${e.message ?? ''}`);
      return;
    }
    if (e.type !== 'rule' || e.rule === undefined || e.acted === false) return;
    const rule = o.rules[e.rule - 1];
    if (rule?.action.type === 'SUSPEND') {
      o.sink.write(formatSuspended(e, rule.action.us));
      return;
    }
    const injected = o.injectedOf !== undefined && e.syscall !== undefined && o.injectedOf.has(e.syscall) && decidedBefore(e);
    if (rule?.action.type !== 'LOG' && !injected) return;
    const format = rule?.action.type === 'LOG' ? (rule.action.format ?? DEFAULT_LOG_FORMAT) : '%call';
    const twoPhase = format === '%call' && e.syscall !== undefined && TWO_PHASE.has(e.syscall) && !injected;
    if (twoPhase && e.phase === 'before') {
      held.set(e.tid, linePrefix(o, e.pid, e.time) + formatLogLine(format, e, { ...fmt, startNs: o.startNs }));
      return;
    }
    const before = twoPhase ? held.get(e.tid) : undefined;
    if (before !== undefined) {
      held.delete(e.tid);
      o.sink.write(`${before} ${formatResult(e, o.arch) ?? '= ?'}`);
      return;
    }
    o.sink.write(linePrefix(o, e.pid, e.time) + formatLogLine(format, e, { ...fmt, startNs: o.startNs }));
  };
}
