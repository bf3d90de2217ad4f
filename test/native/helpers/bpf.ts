// A tiny classic-BPF assembler for the seccomp filters these tests need (the real rule compiler
// lives in harness/src/engine/compile/). SECCOMP_RET_* values are read from the kernel's UAPI header.
import { readFileSync } from 'node:fs';
import { AUDIT_ARCH } from '../../../harness/src/tables/constants.js';

function seccompRet(name: string): number {
  const text = readFileSync('/usr/include/linux/seccomp.h', 'utf8');
  const m = new RegExp(`#define\\s+SECCOMP_RET_${name}\\s+(0x[0-9a-fA-F]+)U?`).exec(text);
  if (!m) throw new Error(`SECCOMP_RET_${name} not found in <linux/seccomp.h>`);
  return Number.parseInt(m[1]!, 16);
}

export const RET = {
  ALLOW: seccompRet('ALLOW'),
  USER_NOTIF: seccompRet('USER_NOTIF'),
  TRACE: seccompRet('TRACE'),
  ERRNO: seccompRet('ERRNO'),
};

// <linux/bpf_common.h>
const BPF_LD = 0x00, BPF_W = 0x00, BPF_ABS = 0x20, BPF_JMP = 0x05, BPF_JEQ = 0x10, BPF_K = 0x00, BPF_RET = 0x06;
// struct seccomp_data: nr at 0, arch at 4
const OFF_NR = 0, OFF_ARCH = 4;

type Insn = [code: number, jt: number, jf: number, k: number];

/** x86_64 only: each listed syscall number returns its action, everything else is allowed. */
export function routeFilter(routes: Record<number, number>): Uint8Array {
  const insns: Insn[] = [];
  const entries = Object.entries(routes);
  insns.push([BPF_LD | BPF_W | BPF_ABS, 0, 0, OFF_ARCH]);
  insns.push([BPF_JMP | BPF_JEQ | BPF_K, 1, 0, AUDIT_ARCH.X86_64]);
  insns.push([BPF_RET | BPF_K, 0, 0, RET.ALLOW]);
  insns.push([BPF_LD | BPF_W | BPF_ABS, 0, 0, OFF_NR]);
  for (const [nr, action] of entries) {
    insns.push([BPF_JMP | BPF_JEQ | BPF_K, 0, 1, Number(nr)]);
    insns.push([BPF_RET | BPF_K, 0, 0, action]);
  }
  insns.push([BPF_RET | BPF_K, 0, 0, RET.ALLOW]);
  const out = new Uint8Array(insns.length * 8);
  const dv = new DataView(out.buffer);
  insns.forEach(([code, jt, jf, k], i) => {
    dv.setUint16(i * 8, code, true);
    dv.setUint8(i * 8 + 2, jt);
    dv.setUint8(i * 8 + 3, jf);
    dv.setUint32(i * 8 + 4, k >>> 0, true);
  });
  return out;
}
