// The faults a recorded call can take: an errno its man page documents and the kernel can return
// for its arguments (FAULT_MODEL), less the caller-mistake ones; a short read or write (its count
// cut in half); a delay where it may block.

import { documentedErrnos, errnoByName, errnoName, lookupConstant, lookupSyscall } from '../tables/index.js';
import type { Exclusions } from './exclusions.js';
import { FAULT_MODEL, type FaultCondition } from './fault-model.js';
import { argIndex } from './fd-paths.js';
import type { Fault, ProfiledCall } from './types.js';

/** The length argument of the call's buffer, when it has one (`count` of read/write, `buflen` of getrandom). */
export function lengthArg(syscall: string): { index: number; name: string } | undefined {
  const args = lookupSyscall(syscall)?.args ?? [];
  const buf = args.find((a) => (a.type === 'buf_in' || a.type === 'buf_out') && a.lenArg !== undefined);
  const len = buf?.lenArg !== undefined ? args[buf.lenArg] : undefined;
  return len && buf?.lenArg !== undefined ? { index: buf.lenArg, name: len.name } : undefined;
}

/** Whether the call's arguments meet the condition under which the kernel returns the errno. */
function holds(call: ProfiledCall, c: FaultCondition): boolean {
  if (c.fdFromPath && call.fdPath === undefined) return false;
  // Unknown kind or mode (a pipe, an inherited fd): the condition may hold, so the errno stays.
  if (c.fdKind && call.fdKind !== undefined && !c.fdKind.includes(call.fdKind)) return false;
  if (c.nonblocking && call.fdNonblock === false) return false;
  if (c.arg) {
    const index = argIndex(call.syscall, c.arg.name);
    const value = index >= 0 ? call.args[index] : undefined;
    if (value === undefined || !c.arg.oneOf.some((n) => BigInt(lookupConstant(n)?.value ?? -1) === value)) return false;
  }
  return true;
}

/** The errnos the kernel can return for this call: its man page's, less the model's exceptions. */
export function possibleErrnos(call: ProfiledCall): string[] {
  const model = FAULT_MODEL[call.syscall];
  const listed = new Set([...(model?.like !== undefined ? (documentedErrnos(model.like) ?? []) : []), ...(documentedErrnos(call.syscall) ?? [])]);
  return [...listed].sort().filter((e) => {
    if (model?.never?.[e] !== undefined) return false;
    const only = model?.only?.[e];
    return only === undefined || holds(call, only);
  });
}

/** Whether faults on this syscall are injected after it ran (FAULT_MODEL's `inject`). */
export const injectsAfter = (syscall: string): boolean => FAULT_MODEL[syscall]?.inject === 'after';

export function faultsFor(call: ProfiledCall, ex: Exclusions): Fault[] {
  const after = injectsAfter(call.syscall);
  const out: Fault[] = possibleErrnos(call)
    .filter((e) => !ex.errnos.never.includes(e))
    // One name per value: EWOULDBLOCK is EAGAIN.
    .filter((e) => errnoName(errnoByName(e) ?? -1) === e)
    .map((errno): Fault => (after ? { kind: 'errno', errno, after } : { kind: 'errno', errno }));
  const len = lengthArg(call.syscall);
  if (len) {
    const asked = call.args[len.index];
    // Cut what the call would have moved: the bytes it returned, else the count it asked for.
    const base = call.retval !== undefined && call.retval > 0n ? call.retval : asked;
    if (base !== undefined && base > 1n && base <= BigInt(Number.MAX_SAFE_INTEGER)) out.push({ kind: 'short', arg: len.name, count: Number(base / 2n) });
  }
  if (ex.delaySyscalls.includes(call.syscall)) out.push({ kind: 'delay', us: ex.delayUs });
  return out;
}

export function faultText(f: Fault): string {
  return f.kind === 'errno' ? `${f.errno}${f.after ? ' (after the call)' : ''}` : f.kind === 'short' ? `short (${f.arg}=${f.count})` : `delay ${f.us / 1000} ms`;
}
