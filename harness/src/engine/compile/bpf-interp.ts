// A classic-BPF interpreter for seccomp filters: runs a program over a synthetic seccomp_data the
// way the kernel does (the subset seccomp accepts: LD W ABS, LD/LDX IMM/MEM, ST/STX, ALU, JMP,
// RET, TAX/TXA). Used by the compiler's tests and by `sct run --explain`.

import { BPF, SECCOMP_DATA, SECCOMP_RET, decodeFilter, type SockFilter } from './bpf-format.js';

export interface SeccompData {
  nr: number;
  arch: number;
  instructionPointer?: bigint;
  /** Up to six 64-bit arguments; missing ones are 0. */
  args?: readonly bigint[];
}

export interface BpfRun {
  /** The filter's 32-bit return value. */
  ret: number;
  /** Instructions executed. */
  steps: number;
}

export class BpfError extends Error {
  readonly code = 'SCT_BPF_INVALID';
}

function dataBytes(d: SeccompData): DataView {
  const view = new DataView(new ArrayBuffer(SECCOMP_DATA.size));
  view.setInt32(SECCOMP_DATA.nr, d.nr, true);
  view.setUint32(SECCOMP_DATA.arch, d.arch >>> 0, true);
  view.setBigUint64(SECCOMP_DATA.instructionPointer, BigInt.asUintN(64, d.instructionPointer ?? 0n), true);
  for (let i = 0; i < 6; i++) {
    view.setBigUint64(SECCOMP_DATA.args + 8 * i, BigInt.asUintN(64, d.args?.[i] ?? 0n), true);
  }
  return view;
}

function alu(op: number, a: number, v: number, pc: number): number {
  switch (op) {
    case BPF.ADD: return (a + v) >>> 0;
    case BPF.SUB: return (a - v) >>> 0;
    case BPF.MUL: return Math.imul(a, v) >>> 0;
    case BPF.DIV:
      if (v === 0) throw new BpfError(`division by zero at insn ${pc}`);
      return Math.floor(a / v) >>> 0;
    case BPF.MOD:
      if (v === 0) throw new BpfError(`modulo by zero at insn ${pc}`);
      return (a % v) >>> 0;
    case BPF.OR: return (a | v) >>> 0;
    case BPF.AND: return (a & v) >>> 0;
    case BPF.XOR: return (a ^ v) >>> 0;
    case BPF.LSH: return v >= 32 ? 0 : (a << v) >>> 0;
    case BPF.RSH: return v >= 32 ? 0 : a >>> v;
    case BPF.NEG: return (-a) >>> 0;
    default: throw new BpfError(`unknown ALU op 0x${op.toString(16)} at insn ${pc}`);
  }
}

/** Runs `prog` (struct sock_filter[] bytes or decoded) over `data`. Throws BpfError on an invalid program. */
export function runBpf(prog: Uint8Array | readonly SockFilter[], data: SeccompData): BpfRun {
  const insns = prog instanceof Uint8Array ? decodeFilter(prog) : prog;
  if (insns.length === 0 || insns.length > BPF.MAXINSNS) throw new BpfError(`program has ${insns.length} instructions`);
  const mem = dataBytes(data);
  const scratch = new Uint32Array(BPF.MEMWORDS);
  let a = 0;
  let x = 0;
  let steps = 0;
  for (let pc = 0; pc < insns.length; pc++) {
    const { code, jt, jf, k } = insns[pc]!;
    steps++;
    const cls = code & 0x07;
    switch (cls) {
      case BPF.LD:
      case BPF.LDX: {
        const mode = code & 0xe0;
        let v: number;
        if (mode === BPF.ABS) {
          if (cls !== BPF.LD || (code & 0x18) !== BPF.W || k % 4 !== 0 || k + 4 > SECCOMP_DATA.size) {
            throw new BpfError(`invalid seccomp_data load (code 0x${code.toString(16)}, k ${k}) at insn ${pc}`);
          }
          v = mem.getUint32(k, true);
        } else if (mode === BPF.IMM) v = k >>> 0;
        else if (mode === BPF.MEM) {
          if (k >= BPF.MEMWORDS) throw new BpfError(`scratch index ${k} at insn ${pc}`);
          v = scratch[k]!;
        } else if (mode === BPF.LEN) v = SECCOMP_DATA.size;
        else throw new BpfError(`unsupported load mode 0x${mode.toString(16)} at insn ${pc}`);
        if (cls === BPF.LD) a = v;
        else x = v;
        break;
      }
      case BPF.ST:
      case BPF.STX:
        if (k >= BPF.MEMWORDS) throw new BpfError(`scratch index ${k} at insn ${pc}`);
        scratch[k] = cls === BPF.ST ? a : x;
        break;
      case BPF.ALU:
        a = alu(code & 0xf0, a, (code & 0x08) === BPF.X ? x : k >>> 0, pc);
        break;
      case BPF.JMP: {
        const op = code & 0xf0;
        if (op === BPF.JA) {
          pc += k;
          break;
        }
        const v = (code & 0x08) === BPF.X ? x : k >>> 0;
        let taken: boolean;
        if (op === BPF.JEQ) taken = a === v;
        else if (op === BPF.JGT) taken = a > v;
        else if (op === BPF.JGE) taken = a >= v;
        else if (op === BPF.JSET) taken = (a & v) !== 0;
        else throw new BpfError(`unknown jump op 0x${op.toString(16)} at insn ${pc}`);
        pc += taken ? jt : jf;
        break;
      }
      case BPF.RET: {
        const src = code & 0x18;
        return { ret: (src === BPF.A ? a : k) >>> 0, steps };
      }
      case BPF.MISC:
        if ((code & 0xf8) === BPF.TAX) x = a;
        else a = x;
        break;
      default:
        throw new BpfError(`unknown class ${cls} at insn ${pc}`);
    }
    if (pc + 1 > insns.length) throw new BpfError(`jump past the end at insn ${pc}`);
  }
  throw new BpfError('program ran off its end without RET');
}

export type SeccompAction = 'kill_process' | 'kill_thread' | 'trap' | 'errno' | 'user_notif' | 'trace' | 'log' | 'allow';

/** Splits a filter return value into its action and 16-bit data, as the kernel does. */
export function seccompAction(ret: number): { action: SeccompAction; data: number } {
  const data = ret & SECCOMP_RET.DATA;
  const full = (ret & SECCOMP_RET.ACTION_FULL) >>> 0;
  const names: Array<[number, SeccompAction]> = [
    [SECCOMP_RET.KILL_PROCESS, 'kill_process'],
    [SECCOMP_RET.KILL_THREAD, 'kill_thread'],
    [SECCOMP_RET.TRAP, 'trap'],
    [SECCOMP_RET.ERRNO, 'errno'],
    [SECCOMP_RET.USER_NOTIF, 'user_notif'],
    [SECCOMP_RET.TRACE, 'trace'],
    [SECCOMP_RET.LOG, 'log'],
    [SECCOMP_RET.ALLOW, 'allow'],
  ];
  for (const [value, action] of names) if (full === value) return { action, data };
  // Unknown actions are treated by the kernel as KILL_PROCESS.
  return { action: 'kill_process', data };
}
