// Matching a recorded call's arguments against `{ path: /x/, fd: 3, addr: { port: 8080 } }`:
// keys are parameter names or their aliases (the rule language's), values are compared with the
// argument as the supervisor read it (a string, a decoded sockaddr) or its register value.

import type { DecodedEvent } from '../engine/decode/index.js';
import { PARAM_ALIASES } from '../rules/check/index.js';
import { lookupSyscall, type SyscallArg } from '../tables/index.js';
import { decodeSockaddr, type DecodedSockaddr } from './sockaddr.js';

export type ArgValue = string | number | bigint | RegExp | { family?: string; port?: number; ip?: string | RegExp; path?: string | RegExp };
export type ArgMatch = Readonly<Record<string, ArgValue>>;

function argIndex(args: readonly SyscallArg[], key: string): number {
  const exact = args.findIndex((a) => a.name === key);
  if (exact >= 0) return exact;
  for (const types of PARAM_ALIASES[key] ?? []) {
    const i = args.findIndex((a) => types.includes(a.type));
    if (i >= 0) return i;
  }
  return -1;
}

const same = (want: string | number | bigint | RegExp | undefined, got: string | number | bigint | undefined): boolean => {
  if (want === undefined) return true;
  if (got === undefined) return false;
  if (want instanceof RegExp) return want.test(String(got));
  if (typeof want === 'string') return String(got) === want;
  return BigInt(want) === BigInt(got);
};

function sockaddrMatches(want: Exclude<ArgValue, string | number | bigint | RegExp>, got: DecodedSockaddr | undefined): boolean {
  if (!got) return false;
  return same(want.family, got.family) && same(want.port, got.port) && same(want.ip, got.ip) && same(want.path, got.path);
}

/** Undefined when it matches, else why not (for the matcher's message). */
export function argsMatch(e: DecodedEvent, want: ArgMatch | undefined): boolean {
  if (!want) return true;
  const entry = e.syscall ? lookupSyscall(e.syscall) : undefined;
  if (!entry) return false;
  return Object.entries(want).every(([key, value]) => {
    const i = argIndex(entry.args, key);
    if (i < 0) return false;
    const mem = e.mem?.[i];
    const reg = e.args?.[i];
    if (typeof value === 'object' && !(value instanceof RegExp)) return mem instanceof Uint8Array && sockaddrMatches(value, decodeSockaddr(mem));
    if (typeof mem === 'string') return same(value, mem);
    // A fd or int argument: compare as a signed 32-bit value where the table says so.
    const t = entry.args[i]!.type;
    const v = reg === undefined ? undefined : ['fd', 'int', 'pid', 'dirfd'].includes(t) ? BigInt.asIntN(32, reg) : reg;
    return same(value, v);
  });
}

/** A readable form of a call, for messages. */
export function describeCall(e: DecodedEvent): string {
  const entry = e.syscall ? lookupSyscall(e.syscall) : undefined;
  const parts = (entry?.args ?? []).map((a, i) => {
    const mem = e.mem?.[i];
    if (mem instanceof Uint8Array && a.type === 'sockaddr') return `${a.name}=${JSON.stringify(decodeSockaddr(mem))}`;
    if (typeof mem === 'string') return `${a.name}=${JSON.stringify(mem)}`;
    return `${a.name}=${e.args?.[i] ?? '?'}`;
  });
  return `${e.syscall ?? '?'}(${parts.join(', ')})`;
}
