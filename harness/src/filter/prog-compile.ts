// A rule's filter expression -> filter bytecode (include/sct/prog.h) for one syscall.
// `&&` and `||` short-circuit with forward JZ/JNZ: the tested value stays on the stack when the
// jump is taken, so both paths reach the join point with one value.

import type { SyscallEntry } from '../tables/index.js';
import type { CompareOp, Expr, Literal, Operand } from '../rules/model.js';
import { compileRegex, RegexError } from '../rules/regex/index.js';
import { progValue, registerValue, type ArgWidth } from './arg-width.js';
import { CompileError } from './errors.js';
import { encodeProg, insn, type Prog, type ProgInsn } from './prog-encode.js';
import { ArgW, Cmp, Op, StrSrc, type ArgWCode, type CmpCode } from './prog-format.js';
import { checkProg } from './prog-check.js';
import { resolveOperand, type ResolvedOperand } from './operand.js';
import { literalValue } from './symbols.js';

const CMP: Record<Exclude<CompareOp, '~='>, CmpCode> = { '==': Cmp.EQ, '!=': Cmp.NE, '<': Cmp.LT, '<=': Cmp.LE, '>': Cmp.GT, '>=': Cmp.GE };
const FLIP: Record<CompareOp, CompareOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=', '~=': '~=' };

/** PUSH_ARG's b for an argument: 32-bit types read the low half only, sign- or zero-extended. */
export function argWidthCode(width: ArgWidth): ArgWCode {
  if (width.bits === 64) return ArgW.RAW;
  return width.signed ? ArgW.S32 : ArgW.U32;
}

class ProgBuilder {
  readonly insns: ProgInsn[] = [];
  readonly consts: Prog['consts'] = [];
  private readonly strIndex = new Map<string, number>();
  private readonly dfaIndex = new Map<string, number>();

  constructor(
    private readonly entry: SyscallEntry,
    private readonly compat: boolean,
  ) {}

  emit(i: ProgInsn): number {
    this.insns.push(i);
    return this.insns.length - 1;
  }

  /** Patch the forward jump at `at` to land on the next instruction to be emitted. */
  land(at: number): void {
    this.insns[at]!.c = this.insns.length - at - 1;
  }

  strConst(s: string): number {
    let i = this.strIndex.get(s);
    if (i === undefined) {
      i = this.consts.push({ kind: 'str', bytes: Buffer.from(s, 'utf8') }) - 1;
      this.strIndex.set(s, i);
    }
    return i;
  }

  dfaConst(ere: string): number {
    let i = this.dfaIndex.get(ere);
    if (i === undefined) {
      try {
        i = this.consts.push({ kind: 'dfa', dfa: compileRegex(ere) }) - 1;
      } catch (error) {
        if (error instanceof RegexError) throw new CompileError(`${this.entry.name}: ${error.message}`, { cause: error });
        throw error;
      }
      this.dfaIndex.set(ere, i);
    }
    return i;
  }

  operand(op: Parameters<typeof resolveOperand>[0]): ResolvedOperand {
    return resolveOperand(op, this.entry, this.compat);
  }

  /** Push an integer operand; `width` of the other side normalises constants to the register's view. */
  pushInt(o: ResolvedOperand, other?: ResolvedOperand): void {
    switch (o.kind) {
      case 'arg':
        this.emit(insn(Op.PUSH_ARG, { a: o.index, b: argWidthCode(o.width) }));
        return;
      case 'sock':
        this.emit(insn(Op.SOCK_FIELD, { a: o.field, b: o.index, c: o.lenIndex }));
        return;
      case 'var':
        this.emit(insn(Op.PUSH_VAR, { a: o.id }));
        return;
      case 'num': {
        const v = literalValue(o.literal, this.entry.name);
        this.emit(insn(Op.PUSH_IMM, { imm: other?.kind === 'arg' ? progValue(v, other.width) : v }));
        return;
      }
      default:
        throw new CompileError(`${this.entry.name}: a string cannot be compared as a number`);
    }
  }

  loadStr(o: ResolvedOperand): void {
    if (o.kind !== 'str') throw new CompileError(`${this.entry.name}: expected a string operand`);
    // c is the sockaddr's length argument; the other sources leave it 0 (prog_check.h insists).
    const sock = o.src === StrSrc.SOCK_PATH || o.src === StrSrc.SOCK_IP;
    this.emit(insn(Op.STR_LOAD, { a: o.src, b: o.index, c: sock ? o.lenIndex : 0 }));
  }

  expr(e: Expr): void {
    switch (e.type) {
      case 'and':
      case 'or': {
        // A load that fails (an fd that is AT_FDCWD, unreadable memory) makes the whole filter
        // "no match", so `||` tries the operand less likely to fail first: `dfd.path == x ||
        // path == x` still matches through `path`. For `&&` the order cannot change the result.
        const [first, second] = e.type === 'or' && risk(e.right) < risk(e.left) ? [e.right, e.left] : [e.left, e.right];
        this.expr(first);
        const j = this.emit(insn(e.type === 'and' ? Op.JZ : Op.JNZ));
        this.expr(second);
        this.land(j);
        return;
      }
      case 'not':
        this.expr(e.expr);
        this.emit(insn(Op.NOT));
        return;
      case 'flagtest': {
        const o = this.operand(e.left);
        this.pushInt(o);
        const mask = e.mask.reduce((m, lit) => m | literalValue(lit, this.entry.name), 0n);
        this.emit(insn(Op.MASK, { imm: o.kind === 'arg' ? registerValue(mask, o.width) : mask }));
        return;
      }
      case 'in':
        this.inList(e.left, e.values);
        return;
      case 'compare':
        this.compare(e.op, e.left, e.right);
        return;
    }
  }

  private compare(op: CompareOp, leftOp: Parameters<typeof resolveOperand>[0], rightOp: Parameters<typeof resolveOperand>[0]): void {
    let left = this.operand(leftOp);
    let right = this.operand(rightOp);
    if ((left.kind === 'num' || left.kind === 'text') && right.kind !== 'num' && right.kind !== 'text') {
      [left, right] = [right, left];
      op = FLIP[op];
    }
    if (left.kind === 'str' || right.kind === 'text') {
      if (right.kind !== 'text') throw new CompileError(`${this.entry.name}: a string can only be compared with a string constant`);
      this.loadStr(left);
      if (op === '~=') this.emit(insn(Op.STR_MATCH, { c: this.dfaConst(right.value) }));
      else if (op === '==' || op === '!=') {
        this.emit(insn(Op.STR_EQ, { c: this.strConst(right.value) }));
        if (op === '!=') this.emit(insn(Op.NOT));
      } else throw new CompileError(`${this.entry.name}: strings compare with ==, != and ~= only, not ${op}`);
      return;
    }
    if (op === '~=') throw new CompileError(`${this.entry.name}: ~= needs a string operand`);
    this.pushInt(left, right);
    this.pushInt(right, left);
    const unsigned = (left.kind === 'arg' && !left.width.signed) || (right.kind === 'arg' && !right.width.signed);
    this.emit(insn(Op.CMP, { a: CMP[op], b: unsigned ? 1 : 0 }));
  }

  private inList(leftOp: Parameters<typeof resolveOperand>[0], values: Literal[]): void {
    const left = this.operand(leftOp);
    const jumps: number[] = [];
    if (left.kind === 'str') this.loadStr(left);
    values.forEach((v, i) => {
      if (left.kind === 'str') {
        if (v.type !== 'string') throw new CompileError(`${this.entry.name}: 'in' on a string needs string values`);
        this.emit(insn(Op.STR_EQ, { c: this.strConst(v.value) }));
      } else {
        this.pushInt(left);
        this.pushInt(this.operand(v), left);
        this.emit(insn(Op.CMP, { a: Cmp.EQ, b: 1 }));
      }
      if (i < values.length - 1) jumps.push(this.emit(insn(Op.JNZ)));
    });
    if (values.length === 0) this.emit(insn(Op.PUSH_IMM, { imm: 0n }));
    for (const j of jumps) this.land(j);
  }
}

/** How likely evaluating `e` is to fail a load: 0 registers only, 1 user memory, 2 fd paths and process files. */
function risk(e: Expr): number {
  switch (e.type) {
    case 'and':
    case 'or':
      return Math.max(risk(e.left), risk(e.right));
    case 'not':
      return risk(e.expr);
    case 'compare':
      return Math.max(operandRisk(e.left), operandRisk(e.right));
    case 'in':
    case 'flagtest':
      return operandRisk(e.left);
  }
}

function operandRisk(o: Operand): number {
  if (o.type === 'param') return o.fdPath ? 2 : o.field?.length ? 1 : 0;
  if (o.type === 'var') return ['COMM', 'EXE', 'CWD'].includes(o.name) ? 2 : 1;
  return 0;
}

/**
 * Compiles `filter` for `entry` (on x86_64, `compat` for the i386 entry). No filter: the empty
 * program (matches every call). Throws CompileError when include/sct/prog_check.h rejects the result,
 * AddonLoadError when the addon that holds that checker cannot be loaded.
 */
export function compileFilter(filter: Expr | undefined, entry: SyscallEntry, compat = false): Uint8Array {
  if (!filter) return new Uint8Array(0);
  const b = new ProgBuilder(entry, compat);
  b.expr(filter);
  b.emit(insn(Op.RET));
  const blob = encodeProg({ insns: b.insns, consts: b.consts });
  const fault = checkProg(blob);
  if (fault) throw new CompileError(`${entry.name}: the filter compiles to an invalid program: ${fault.message} (${fault.fault})`);
  return blob;
}
