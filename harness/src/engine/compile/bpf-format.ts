// Classic BPF and seccomp ABI values (linux/bpf_common.h, linux/filter.h, linux/seccomp.h).
// Kernel ABI, not syscall data: test/unit/engine/compile/bpf-format.test.ts checks each value
// against the uapi headers Debian installs, so a typo cannot hide here.

export const BPF = {
  LD: 0x00, LDX: 0x01, ST: 0x02, STX: 0x03, ALU: 0x04, JMP: 0x05, RET: 0x06, MISC: 0x07,
  W: 0x00, H: 0x08, B: 0x10,
  IMM: 0x00, ABS: 0x20, IND: 0x40, MEM: 0x60, LEN: 0x80, MSH: 0xa0,
  ADD: 0x00, SUB: 0x10, MUL: 0x20, DIV: 0x30, OR: 0x40, AND: 0x50, LSH: 0x60, RSH: 0x70, NEG: 0x80, MOD: 0x90, XOR: 0xa0,
  JA: 0x00, JEQ: 0x10, JGT: 0x20, JGE: 0x30, JSET: 0x40,
  K: 0x00, X: 0x08,
  A: 0x10,
  TAX: 0x00, TXA: 0x80,
  MAXINSNS: 4096,
  MEMWORDS: 16,
} as const;

export const SECCOMP_RET = {
  KILL_PROCESS: 0x80000000,
  KILL_THREAD: 0x00000000,
  TRAP: 0x00030000,
  ERRNO: 0x00050000,
  USER_NOTIF: 0x7fc00000,
  TRACE: 0x7ff00000,
  LOG: 0x7ffc0000,
  ALLOW: 0x7fff0000,
  ACTION_FULL: 0xffff0000,
  DATA: 0x0000ffff,
} as const;

/** Byte offsets in struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }. */
export const SECCOMP_DATA = {
  nr: 0,
  arch: 4,
  instructionPointer: 8,
  args: 16,
  size: 64,
} as const;

/** Offset of the 32-bit half of argument `i` (little-endian: low half first). */
export function argOffset(i: number, half: 'lo' | 'hi'): number {
  return SECCOMP_DATA.args + 8 * i + (half === 'hi' ? 4 : 0);
}

/**
 * r9 (argument 6, unused by write, pwrite64, fsync, fdatasync) set to this by the tracer sends a
 * call that the supervisor could not run for the target to ptrace instead of the notification.
 * Mirrors kBounceMarker in native/src/notif_exec.h.
 */
export const BOUNCE_MARKER = 0x5c7b0a2ce1f0d9e3n;
export const BOUNCE_ARG = 5;

/** sizeof(struct sock_filter). */
export const SOCK_FILTER_SIZE = 8;

export interface SockFilter {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

export function encodeFilter(insns: readonly SockFilter[]): Uint8Array {
  const out = new Uint8Array(insns.length * SOCK_FILTER_SIZE);
  const view = new DataView(out.buffer);
  insns.forEach((insn, i) => {
    const o = i * SOCK_FILTER_SIZE;
    view.setUint16(o, insn.code, true);
    view.setUint8(o + 2, insn.jt);
    view.setUint8(o + 3, insn.jf);
    view.setUint32(o + 4, insn.k >>> 0, true);
  });
  return out;
}

export function decodeFilter(bytes: Uint8Array): SockFilter[] {
  if (bytes.length % SOCK_FILTER_SIZE !== 0) {
    throw new RangeError(`a BPF program is a multiple of ${SOCK_FILTER_SIZE} bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: SockFilter[] = [];
  for (let o = 0; o < bytes.length; o += SOCK_FILTER_SIZE) {
    out.push({ code: view.getUint16(o, true), jt: view.getUint8(o + 2), jf: view.getUint8(o + 3), k: view.getUint32(o + 4, true) });
  }
  return out;
}
