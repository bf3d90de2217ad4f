// The load-time checks of include/sct/prog.h, run on the compiler's own output so that a
// program the supervisor would refuse never leaves the harness. Returns problems, empty when valid.
// Jump convention: JZ/JNZ with c = n continue at instruction pc + 1 + n (n instructions skipped).

import { ArgW, ConstKind, Op, SCT_DFA_MAX_STATES, SCT_PROG_MAX_CONSTS, SCT_PROG_MAX_INSNS, SCT_PROG_MAX_READS, SCT_PROG_MAX_STACK, STACK_EFFECT, StrSrc, type OpCode } from './prog-format.js';
import { decodeProg } from './prog-encode.js';

export function jumpTarget(pc: number, c: number): number {
  return pc + 1 + c;
}

export function verifyProg(blob: Uint8Array): string[] {
  const problems: string[] = [];
  let prog;
  try {
    prog = decodeProg(blob);
  } catch (error) {
    return [(error as Error).message];
  }
  const { insns, consts } = prog;
  if (prog.totalLen !== blob.length) problems.push(`header says ${prog.totalLen} bytes, blob has ${blob.length}`);
  if (insns.length === 0 || insns.length > SCT_PROG_MAX_INSNS) problems.push(`${insns.length} instructions (1..${SCT_PROG_MAX_INSNS} allowed)`);
  if (consts.length > SCT_PROG_MAX_CONSTS) problems.push(`${consts.length} constants (max ${SCT_PROG_MAX_CONSTS})`);
  if (insns.at(-1)?.op !== Op.RET) problems.push('last instruction is not RET');
  consts.forEach((c, i) => {
    if (c.kind === ConstKind.DFA) {
      const view = new DataView(c.payload.buffer, c.payload.byteOffset, c.payload.byteLength);
      const n = view.getUint16(0, true);
      const k = view.getUint16(2, true);
      if (n > SCT_DFA_MAX_STATES) problems.push(`constant ${i}: DFA of ${n} states (max ${SCT_DFA_MAX_STATES})`);
      if (c.payload.length !== 8 + 256 + n + 2 * n * k) problems.push(`constant ${i}: DFA payload of ${c.payload.length} bytes does not fit ${n} states x ${k} classes`);
    } else if (c.kind !== ConstKind.STR) problems.push(`constant ${i}: unknown kind ${c.kind}`);
  });
  const depth: Array<number | undefined> = new Array(insns.length + 1).fill(undefined);
  depth[0] = 0;
  let reads = 0;
  const agree = (at: number, d: number, from: number): void => {
    if (at > insns.length - 1) {
      problems.push(`jump at insn ${from} lands outside the program`);
      return;
    }
    const known = depth[at];
    if (known === undefined) depth[at] = d;
    else if (known !== d) problems.push(`stack depth ${known} and ${d} meet at insn ${at}`);
  };
  insns.forEach((ins, pc) => {
    const d = depth[pc];
    if (d === undefined) return; // unreachable
    const op = ins.op as OpCode;
    if (!(op in STACK_EFFECT)) {
      problems.push(`insn ${pc}: unknown opcode ${ins.op}`);
      return;
    }
    const pops = op === Op.CMP ? 2 : op === Op.MASK || op === Op.NOT || op === Op.JZ || op === Op.JNZ ? 1 : 0;
    if (d < pops) problems.push(`insn ${pc}: stack underflow`);
    const after = d + STACK_EFFECT[op];
    if (after > SCT_PROG_MAX_STACK) problems.push(`insn ${pc}: stack depth ${after} exceeds ${SCT_PROG_MAX_STACK}`);
    if (op === Op.STR_LOAD) {
      reads++;
      if (ins.a > StrSrc.SOCK_IP) problems.push(`insn ${pc}: unknown string source ${ins.a}`);
    }
    if ((op === Op.STR_EQ && consts[ins.c]?.kind !== ConstKind.STR) || (op === Op.STR_MATCH && consts[ins.c]?.kind !== ConstKind.DFA)) {
      problems.push(`insn ${pc}: constant ${ins.c} is missing or of the wrong kind`);
    }
    if (op === Op.PUSH_ARG && ins.b > ArgW.U32) problems.push(`insn ${pc}: unknown argument width ${ins.b}`);
    if ((op === Op.PUSH_ARG && ins.a > 5) || (op === Op.SOCK_FIELD && (ins.b > 5 || ins.c > 5))) problems.push(`insn ${pc}: argument index out of range`);
    if (op === Op.RET) return;
    if (op === Op.JZ || op === Op.JNZ) agree(jumpTarget(pc, ins.c), d, pc);
    agree(pc + 1, after, pc);
  });
  if (reads > SCT_PROG_MAX_READS) problems.push(`${reads} string loads (max ${SCT_PROG_MAX_READS})`);
  return problems;
}
