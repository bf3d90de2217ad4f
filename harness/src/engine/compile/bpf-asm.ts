// A tiny classic-BPF assembler with symbolic labels. Conditional jumps reach at most 255
// instructions ahead (u8 offsets); anything further goes through an unconditional BPF_JA, whose
// offset is 32 bits. The program builder keeps far targets behind JA, so a conditional jump that
// does not fit is a compiler bug, reported as such.

import { BPF, encodeFilter, type SockFilter } from './bpf-format.js';
import { CompileError } from '../../filter/index.js';

export type Label = { readonly id: number; readonly name: string };

/** A jump target: a label, or 'next' for the following instruction. */
export type Target = Label | 'next';

type Pending =
  | { kind: 'stmt'; code: number; k: number }
  | { kind: 'jump'; code: number; k: number; jt: Target; jf: Target }
  | { kind: 'ja'; to: Label };

export class BpfAssembler {
  private readonly insns: Pending[] = [];
  private readonly positions = new Map<number, number>();
  private nextLabel = 0;

  label(name = ''): Label {
    return { id: this.nextLabel++, name };
  }

  /** Place `label` at the next instruction. */
  bind(label: Label): void {
    if (this.positions.has(label.id)) throw new Error(`bpf-asm: label ${label.name}#${label.id} bound twice`);
    this.positions.set(label.id, this.insns.length);
  }

  get length(): number {
    return this.insns.length;
  }

  ldAbs(offset: number): void {
    this.insns.push({ kind: 'stmt', code: BPF.LD | BPF.W | BPF.ABS, k: offset });
  }

  alu(op: number, k: number): void {
    this.insns.push({ kind: 'stmt', code: BPF.ALU | op | BPF.K, k: k >>> 0 });
  }

  ret(k: number): void {
    this.insns.push({ kind: 'stmt', code: BPF.RET | BPF.K, k: k >>> 0 });
  }

  /** `if (A op k) goto jt else goto jf` with op one of BPF.JEQ, JGT, JGE, JSET. */
  jump(op: number, k: number, jt: Target, jf: Target): void {
    this.insns.push({ kind: 'jump', code: BPF.JMP | op | BPF.K, k: k >>> 0, jt, jf });
  }

  ja(to: Label): void {
    this.insns.push({ kind: 'ja', to });
  }

  private resolve(target: Target, at: number, what: string): number {
    if (target === 'next') return 0;
    const pos = this.positions.get(target.id);
    if (pos === undefined) throw new Error(`bpf-asm: label ${target.name}#${target.id} never bound`);
    const off = pos - at - 1;
    if (off < 0) throw new Error(`bpf-asm: backward ${what} to ${target.name} at insn ${at}`);
    return off;
  }

  assemble(): SockFilter[] {
    return this.insns.map((p, at) => {
      switch (p.kind) {
        case 'stmt':
          return { code: p.code, jt: 0, jf: 0, k: p.k };
        case 'ja':
          return { code: BPF.JMP | BPF.JA, jt: 0, jf: 0, k: this.resolve(p.to, at, 'ja') };
        case 'jump': {
          const jt = this.resolve(p.jt, at, 'jump');
          const jf = this.resolve(p.jf, at, 'jump');
          if (jt > 255 || jf > 255) {
            // a user's input, not a bug: a scalar filter with hundreds of terms
            throw new CompileError(`the seccomp filter is too large: a conditional jump at instruction ${at} reaches ${Math.max(jt, jf)} instructions ahead (BPF allows 255); split the rule's filter, or use \`in (...)\``);
          }
          return { code: p.code, jt, jf, k: p.k };
        }
      }
    });
  }

  bytes(): Uint8Array {
    return encodeFilter(this.assemble());
  }
}
