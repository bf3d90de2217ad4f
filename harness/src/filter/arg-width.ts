// How wide and how signed a register argument is, from its table type. Matters for constants:
// an `int` holding AT_FDCWD arrives in seccomp_data as 0x00000000ffffff9c, so `dirfd == -100`
// must compare the low 32 bits only, as the kernel itself reads the argument.

import type { ArgType } from '../tables/index.js';

const WIDE: ReadonlySet<ArgType> = new Set<ArgType>(['long', 'ulong', 'size', 'off', 'ptr', 'buf_in', 'buf_out', 'path', 'string', 'sockaddr', 'struct']);
const SIGNED: ReadonlySet<ArgType> = new Set<ArgType>(['int', 'long', 'off', 'fd', 'dirfd', 'pid', 'signal']);

export interface ArgWidth {
  bits: 32 | 64;
  signed: boolean;
}

/** `compat`: an i386 call on x86_64, whose arguments are all 32 bits. */
export function argWidth(type: ArgType, compat = false): ArgWidth {
  return { bits: compat || !WIDE.has(type) ? 32 : 64, signed: SIGNED.has(type) };
}

/** A constant as the argument register holds it: truncated to the width, as an unsigned value. */
export function registerValue(value: bigint, width: ArgWidth): bigint {
  return BigInt.asUintN(width.bits, value);
}

/**
 * A constant as the filter bytecode sees it next to an argument of this width (SCT_OP_PUSH_ARG
 * reads 32-bit arguments sign- or zero-extended): truncated to the width like registerValue (so
 * both tiers agree), then signed for a signed 32-bit type. `-1` against a pid stays -1, against an
 * unsigned int it is 0xffffffff.
 */
export function progValue(value: bigint, width: ArgWidth): bigint {
  if (width.bits === 32) return width.signed ? BigInt.asIntN(32, value) : BigInt.asUintN(32, value);
  return BigInt.asIntN(64, value);
}
