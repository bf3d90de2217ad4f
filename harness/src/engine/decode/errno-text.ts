// `-1 EACCES (Permission denied)`: the errno's name from the generated table, its message from
// the C library's strerror text as Node exposes it (libuv's table, capitalised like glibc's).

import { getSystemErrorMap } from 'node:util';
import { errnoName } from '../../tables/index.js';

let messages: Map<number, [string, string]> | undefined;

export function errnoMessage(errno: number): string | undefined {
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
