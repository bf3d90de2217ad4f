// `-1 EACCES (Permission denied)`: the errno's name from the generated table, its message from
// the C library (the addon's errnoText, glibc's text as strace prints it), or where the addon is
// not built, libuv's table as Node exposes it (capitalised like glibc's; some texts differ:
// `Invalid seek` for glibc's `Illegal seek`, none for ECHILD).

import { getSystemErrorMap } from 'node:util';
import { errnoName } from '../../tables/index.js';
import { loadNative } from '../native.js';

let messages: Map<number, [string, string]> | undefined;
let libc: ((errno: number) => string | null) | null | undefined;

function libcText(errno: number): string | undefined {
  if (libc === undefined) {
    try {
      const b = loadNative();
      libc = typeof b.errnoText === 'function' ? (n) => b.errnoText(n) : null;
    } catch {
      libc = null;
    }
  }
  return libc?.(errno) ?? undefined;
}

export function errnoMessage(errno: number): string | undefined {
  const text = libcText(errno);
  if (text !== undefined) return text;
  messages ??= getSystemErrorMap();
  const m = messages.get(-errno)?.[1];
  return m ? m[0]!.toUpperCase() + m.slice(1) : undefined;
}

/** A raw return value: `3`, or `-1 ENOENT (No such file or directory)` for -4095..-1. */
export function formatReturn(ret: bigint): string {
  if (ret < 0n && ret >= -4095n) {
    const errno = Number(-ret);
    const name = errnoName(errno) ?? `E${errno}`;
    const msg = errnoMessage(errno);
    return `-1 ${name}${msg ? ` (${msg})` : ''}`;
  }
  return ret > 0xffff_ffffn ? `0x${ret.toString(16)}` : ret.toString();
}
