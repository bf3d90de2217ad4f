// The whole seccomp filter: check the ABI (`arch`, the x32 bit), then find the syscall number's
// block by binary search and run it. A block either returns one action (tier 2: USER_NOTIF, tier
// 3: TRACE, i386 calls of tier-3 syscalls: KILL_PROCESS) or tests tier-1 rules in order and
// returns the first match's action, else ALLOW. Unnamed syscalls fall through to ALLOW.
//
// ABIs: x32 (x86_64 numbers with __X32_SYSCALL_BIT set) is not supported: such calls are killed
// (RET_KILL_PROCESS), never let through unchecked. i386 (`int 0x80`) calls are matched by syscall
// name through the generated i386 table and get the same decision, except that the ptrace side
// does not handle 32-bit calls: i386 calls of syscalls with tier-3 rules are killed (the compile
// notes say which). Any other `arch` value is killed.
//
// Shape (x86_64, with i386):
//   ld arch; jeq X86_64 ? +0 : +1; ja x86; jeq I386 ? +0 : +1; ja i386; ret KILL_PROCESS
//   x86:  ld nr; jge X32_BIT ? +0 : +1; ret KILL_PROCESS; <dispatch>; <blocks>
//   i386: ld nr; <dispatch>; <blocks>

import type { SyscallEntry } from '../../tables/index.js';
import type { Expr } from '../../rules/model.js';
import { BpfAssembler, type Label } from './bpf-asm.js';
import { argOffset, BOUNCE_ARG, BOUNCE_MARKER, BPF, SECCOMP_DATA, SECCOMP_RET } from './bpf-format.js';
import { emitCond } from './bpf-cond.js';

export interface CondRule {
  /** Undefined: always matches. */
  filter?: Expr;
  entry: SyscallEntry;
  ret: number;
}

/** bounce: calls carrying BOUNCE_MARKER go to the tracer first (supervisor-run after-rules). */
export type Block = ({ kind: 'ret'; ret: number } | { kind: 'rules'; rules: CondRule[] }) & { bounce?: boolean };

export interface AbiPlan {
  auditArch: number;
  /** Calls with this bit set in nr are killed (x32 on x86_64); 0: none. */
  killBit: number;
  /** i386 entries on x86_64: arguments are 32 bits. */
  compat: boolean;
  blocks: Map<number, Block>;
}

/** Largest number of syscalls tested one after the other before splitting the range. */
const LINEAR_MAX = 4;

export function buildFilter(abis: readonly AbiPlan[]): Uint8Array {
  const asm = new BpfAssembler();
  const starts = abis.map((a) => asm.label(`abi-${a.auditArch.toString(16)}`));
  asm.ldAbs(SECCOMP_DATA.arch);
  abis.forEach((abi, i) => {
    const skip = asm.label('other-abi');
    asm.jump(BPF.JEQ, abi.auditArch, 'next', skip);
    asm.ja(starts[i]!);
    asm.bind(skip);
  });
  asm.ret(SECCOMP_RET.KILL_PROCESS);
  abis.forEach((abi, i) => {
    asm.bind(starts[i]!);
    emitAbi(asm, abi);
  });
  return asm.bytes();
}

function emitAbi(asm: BpfAssembler, abi: AbiPlan): void {
  asm.ldAbs(SECCOMP_DATA.nr);
  if (abi.killBit) {
    const ok = asm.label('not-x32');
    asm.jump(BPF.JGE, abi.killBit, 'next', ok);
    asm.ret(SECCOMP_RET.KILL_PROCESS);
    asm.bind(ok);
  }
  const nrs = [...abi.blocks.keys()].sort((a, b) => a - b);
  const labels = new Map<number, Label>();
  dispatch(asm, nrs, abi.blocks, labels);
  for (const nr of nrs) {
    const label = labels.get(nr);
    if (!label) continue;
    asm.bind(label);
    emitBlock(asm, abi.blocks.get(nr)!, abi.compat);
  }
}

function dispatch(asm: BpfAssembler, nrs: number[], blocks: Map<number, Block>, labels: Map<number, Label>): void {
  if (nrs.length <= LINEAR_MAX) {
    for (const nr of nrs) {
      const block = blocks.get(nr)!;
      const skip = asm.label('skip');
      asm.jump(BPF.JEQ, nr, 'next', skip);
      if (block.kind === 'ret' && !block.bounce) asm.ret(block.ret);
      else {
        const l = asm.label(`nr-${nr}`);
        labels.set(nr, l);
        asm.ja(l);
      }
      asm.bind(skip);
    }
    asm.ret(SECCOMP_RET.ALLOW);
    return;
  }
  const mid = Math.floor(nrs.length / 2);
  const right = asm.label('right');
  const left = asm.label('left');
  asm.jump(BPF.JGE, nrs[mid]!, 'next', left);
  asm.ja(right);
  asm.bind(left);
  dispatch(asm, nrs.slice(0, mid), blocks, labels);
  asm.bind(right);
  dispatch(asm, nrs.slice(mid), blocks, labels);
}

function emitBlock(asm: BpfAssembler, block: Block, compat: boolean): void {
  if (block.bounce) {
    const notMarked = asm.label('not-bounced');
    asm.ldAbs(argOffset(BOUNCE_ARG, 'lo'));
    asm.jump(BPF.JEQ, Number(BOUNCE_MARKER & 0xffffffffn), 'next', notMarked);
    asm.ldAbs(argOffset(BOUNCE_ARG, 'hi'));
    asm.jump(BPF.JEQ, Number(BOUNCE_MARKER >> 32n), 'next', notMarked);
    asm.ret(SECCOMP_RET.TRACE);
    asm.bind(notMarked);
  }
  if (block.kind === 'ret') {
    asm.ret(block.ret);
    return;
  }
  for (const rule of block.rules) {
    if (!rule.filter) {
      asm.ret(rule.ret);
      return;
    }
    const yes = asm.label('match');
    const no = asm.label('next-rule');
    emitCond(asm, rule.filter, rule.entry, compat, yes, no);
    asm.bind(yes);
    asm.ret(rule.ret);
    asm.bind(no);
  }
  asm.ret(SECCOMP_RET.ALLOW);
}
