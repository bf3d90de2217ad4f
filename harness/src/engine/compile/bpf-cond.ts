// Scalar filters in classic BPF (tier 1): register arguments compared with constants. seccomp_data
// holds 64-bit arguments and BPF compares 32 bits at a time, so a 64-bit comparison is two, high
// half first, as libseccomp does; 32-bit arguments compare their low half only. BPF jumps are
// unsigned: a signed comparison flips the sign bit of both sides (A ^= 0x80000000) first.

import type { SyscallEntry } from '../../tables/index.js';
import type { CompareOp, Expr, Operand } from '../../rules/model.js';
import { registerValue, type ArgWidth } from '../../filter/index.js';
import { argOffset, BPF } from './bpf-format.js';
import type { BpfAssembler, Label, Target } from './bpf-asm.js';
import { resolveOperand, type ResolvedOperand } from '../../filter/index.js';
import { literalValue } from '../../filter/index.js';
import { CompileError } from '../../filter/index.js';

const FLIP: Record<CompareOp, CompareOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=', '~=': '~=' };
const SIGN = 0x80000000;

type Scalar = { arg: Extract<ResolvedOperand, { kind: 'arg' }>; value: bigint };

function scalarPair(left: Operand, right: Operand, entry: SyscallEntry, compat: boolean, op: CompareOp): { s: Scalar; op: CompareOp } | undefined {
  let l = resolveOperand(left, entry, compat);
  let r = resolveOperand(right, entry, compat);
  if (l.kind === 'num' && r.kind === 'arg') {
    [l, r] = [r, l];
    op = FLIP[op];
  }
  if (l.kind !== 'arg' || r.kind !== 'num' || op === '~=') return undefined;
  return { s: { arg: l, value: literalValue(r.literal, entry.name) }, op };
}

/** Whether `expr` can be decided in BPF for `entry`: only register arguments against constants. */
export function isScalarExpr(expr: Expr, entry: SyscallEntry, compat: boolean): boolean {
  try {
    switch (expr.type) {
      case 'and':
      case 'or':
        return isScalarExpr(expr.left, entry, compat) && isScalarExpr(expr.right, entry, compat);
      case 'not':
        return isScalarExpr(expr.expr, entry, compat);
      case 'compare':
        return scalarPair(expr.left, expr.right, entry, compat, expr.op) !== undefined;
      case 'in':
        return expr.values.every((v) => scalarPair(expr.left, v, entry, compat, '==') !== undefined);
      case 'flagtest': {
        const o = resolveOperand(expr.left, entry, compat);
        return o.kind === 'arg' && expr.mask.every((m) => m.type !== 'string');
      }
    }
  } catch {
    return false;
  }
}

function halves(v: bigint): { hi: number; lo: number } {
  return { hi: Number((v >> 32n) & 0xffffffffn), lo: Number(v & 0xffffffffn) };
}

/** Emits code that jumps to `t` when the scalar expression holds, to `f` otherwise. */
export function emitCond(asm: BpfAssembler, expr: Expr, entry: SyscallEntry, compat: boolean, t: Label, f: Label): void {
  switch (expr.type) {
    case 'and': {
      const mid = asm.label('and');
      emitCond(asm, expr.left, entry, compat, mid, f);
      asm.bind(mid);
      emitCond(asm, expr.right, entry, compat, t, f);
      return;
    }
    case 'or': {
      const mid = asm.label('or');
      emitCond(asm, expr.left, entry, compat, t, mid);
      asm.bind(mid);
      emitCond(asm, expr.right, entry, compat, t, f);
      return;
    }
    case 'not':
      emitCond(asm, expr.expr, entry, compat, f, t);
      return;
    case 'in': {
      const ors = expr.values.map((v) => ({ type: 'compare', op: '==', left: expr.left, right: v }) as Expr);
      if (ors.length === 0) {
        asm.ja(f);
        return;
      }
      emitCond(asm, ors.reduce((acc, e) => ({ type: 'or', left: acc, right: e })), entry, compat, t, f);
      return;
    }
    case 'flagtest': {
      const o = resolveOperand(expr.left, entry, compat);
      if (o.kind !== 'arg') throw new CompileError(`${entry.name}: not a scalar filter`);
      const mask = registerValue(expr.mask.reduce((m, lit) => m | literalValue(lit, entry.name), 0n), o.width);
      const { hi, lo } = halves(mask);
      if (o.width.bits === 64 && hi !== 0) {
        asm.ldAbs(argOffset(o.index, 'hi'));
        asm.jump(BPF.JSET, hi, t, 'next');
      }
      asm.ldAbs(argOffset(o.index, 'lo'));
      asm.jump(BPF.JSET, lo, t, f);
      return;
    }
    case 'compare': {
      const pair = scalarPair(expr.left, expr.right, entry, compat, expr.op);
      if (!pair) throw new CompileError(`${entry.name}: not a scalar filter`);
      emitCompare(asm, pair.s.arg.index, pair.s.arg.width, registerValue(pair.s.value, pair.s.arg.width), pair.op, t, f);
      return;
    }
  }
}

/** `A op k` on one 32-bit half, jumping to t/f (ops normalised to the JEQ/JGT/JGE BPF has). */
function cmp32(asm: BpfAssembler, op: CompareOp, k: number, t: Target, f: Target): void {
  switch (op) {
    case '==': return asm.jump(BPF.JEQ, k, t, f);
    case '!=': return asm.jump(BPF.JEQ, k, f, t);
    case '>': return asm.jump(BPF.JGT, k, t, f);
    case '>=': return asm.jump(BPF.JGE, k, t, f);
    case '<': return asm.jump(BPF.JGE, k, f, t);
    case '<=': return asm.jump(BPF.JGT, k, f, t);
    default: throw new CompileError(`no BPF comparison for ${op}`);
  }
}

function emitCompare(asm: BpfAssembler, index: number, width: ArgWidth, value: bigint, op: CompareOp, t: Target, f: Target): void {
  const flip = width.signed && op !== '==' && op !== '!=' ? SIGN : 0;
  const load = (half: 'hi' | 'lo'): void => {
    asm.ldAbs(argOffset(index, half));
    if (flip) asm.alu(BPF.XOR, SIGN);
  };
  let { hi, lo } = halves(value);
  if (width.bits === 32) {
    // The kernel reads a 32-bit argument from the low half; the high half may hold anything.
    load('lo');
    if (flip) lo = (lo ^ SIGN) >>> 0;
    cmp32(asm, op, lo, t, f);
    return;
  }
  if (flip) hi = (hi ^ SIGN) >>> 0;
  if (op === '==' || op === '!=') {
    const [yes, no] = op === '==' ? [t, f] : [f, t];
    const next = asm.label('lo');
    load('hi');
    asm.jump(BPF.JEQ, hi, next, no);
    asm.bind(next);
    load('lo');
    asm.jump(BPF.JEQ, lo, yes, no);
    return;
  }
  // Ordering: decided by the high halves unless they are equal, then by the (unsigned) low halves.
  const greater = op === '>' || op === '>=';
  const eqHi = asm.label('eqhi');
  load('hi');
  asm.jump(BPF.JGT, hi, greater ? t : f, 'next');
  asm.jump(BPF.JEQ, hi, eqHi, greater ? f : t);
  asm.bind(eqHi);
  asm.ldAbs(argOffset(index, 'lo'));
  cmp32(asm, op, lo, t, f);
}
