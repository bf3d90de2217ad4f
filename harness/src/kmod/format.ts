// Text and JSON forms of kernel-module events and counters (`sct log`, `sct rules`).
import { errnoName } from '../tables/index.js';
import { syscallByNr } from '../tables/index.js';
import { ACTION_NAMES, type Counter, type KEvent } from './protocol.js';
import type { KmodState } from './state.js';

function num(v: bigint): string {
  return v >= -4096n && v <= 65535n ? String(v) : `0x${BigInt.asUintN(64, v).toString(16)}`;
}

export function decodeCall(ev: KEvent): string {
  const entry = syscallByNr(ev.nr, 'x86_64');
  const name = entry?.name ?? `syscall_${ev.nr}`;
  const n = entry?.args.length ?? 6;
  const args = ev.args.slice(0, n).map((a, i) => {
    if (ev.str && ev.str.arg === i) return JSON.stringify(ev.str.value) + (ev.str.truncated ? '...' : '');
    if (i === 0 && entry?.args[0]?.type === 'dirfd' && a === -100n) return 'AT_FDCWD';
    return num(a);
  });
  return `${name}(${args.join(', ')})`;
}

export function retText(v: bigint | undefined): string {
  if (v === undefined) return '';
  if (v < 0n && v >= -4095n) return ` = -1 ${errnoName(Number(-v)) ?? `errno ${-v}`}`;
  return ` = ${num(v)}`;
}

export function eventText(ev: KEvent, state?: KmodState): string {
  const t = new Date(Number(ev.tsNs / 1_000_000n)).toISOString().slice(11, 23);
  const rule = state?.rules.find((r) => r.id === ev.ruleId);
  const who = `${ev.pid}${ev.tid !== ev.pid ? `/${ev.tid}` : ''} ${ev.comm} (${ev.exe || '?'}, ppid ${ev.ppid}, uid ${ev.uid})`;
  const what = `${decodeCall(ev)}${ev.phase === 1 ? retText(ev.retval) : ''}`;
  const act = ACTION_NAMES[ev.action] ?? String(ev.action);
  const injected = ev.phase === 0 && ev.retval !== undefined ? `${retText(ev.retval).replace(' = ', ' -> ')}` : '';
  return `${t} ${who}: ${what} [${act}${injected}${rule ? ` ${rule.label}` : ` rule #${ev.ruleId}`}]`;
}

export function eventJson(ev: KEvent, state?: KmodState): Record<string, unknown> {
  const entry = syscallByNr(ev.nr, 'x86_64');
  return {
    type: 'kmod-call',
    ts: new Date(Number(ev.tsNs / 1_000_000n)).toISOString(),
    seq: Number(ev.seq),
    pid: ev.pid,
    tid: ev.tid,
    ppid: ev.ppid,
    uid: ev.uid,
    comm: ev.comm,
    exe: ev.exe,
    syscall: entry?.name ?? ev.nr,
    nr: ev.nr,
    phase: ev.phase === 1 ? 'after' : 'before',
    args: ev.args.slice(0, entry?.args.length ?? 6).map((a) => a.toString()),
    ...(ev.str ? { path: ev.str.value, pathArg: ev.str.arg } : {}),
    ...(ev.retval !== undefined ? { retval: ev.retval.toString() } : {}),
    action: ACTION_NAMES[ev.action] ?? ev.action,
    rule: ev.ruleId,
    ...(state?.rules.find((r) => r.id === ev.ruleId) ? { ruleLabel: state.rules.find((r) => r.id === ev.ruleId)!.label } : {}),
    generation: Number(ev.generation),
    call: decodeCall(ev),
  };
}

export function counterText(c: Counter, state?: KmodState): string {
  const entry = syscallByNr(c.nr, 'x86_64');
  const info = state?.rules.find((r) => r.id === c.id);
  const label = info ? ` ${info.label}` : '';
  return `  #${c.id} ${entry?.name ?? c.nr} ${c.phase === 1 ? 'after' : 'before'} ${ACTION_NAMES[c.action] ?? c.action}${label}: matched ${c.matched}, acted ${c.acted}`;
}
