// Pass: comparisons make sense for what they compare: strings with strings, integers with
// integers, `<`/`>` on integers only, `~=` on a string with a valid ERE, `&` on integers,
// structs only through their fields, integer literals that fit the register argument they meet.

import { argWidth } from '../../filter/index.js';
import type { Literal, Operand } from '../model.js';
import { RegexError } from '../regex/index.js';
import type { RuleContext } from './context.js';
import { describe, operandInfo, type OperandInfo } from './operand-info.js';
import { SOCKADDR_FIELDS } from '../../filter/index.js';
import { isLiteral, leaves } from './walk.js';

const ORDERING = new Set(['<', '<=', '>', '>=']);

export function checkTypes(ctx: RuleContext): void {
  const info = (o: Operand): OperandInfo | undefined => operandInfo(o, ctx.params, ctx.arch);
  for (const leaf of leaves(ctx.rule.filter)) {
    const left = info(leaf.left);
    if (!left) continue;
    if (!left.literal && left.kind === 'struct') {
      ctx.report('SCT_TYPE_MISMATCH', `${left.text} is a ${left.what}; compare one of its fields: ${Object.keys(SOCKADDR_FIELDS).map((f) => `${left.text}.${f}`).join(', ')}`, leaf.left);
      continue;
    }
    if (leaf.type === 'flagtest') {
      if (left.kind !== 'int') ctx.report('SCT_TYPE_MISMATCH', `'&' tests bits of an integer, but ${describe(left)}`, leaf.left);
      for (const m of leaf.mask) {
        if (m.type === 'string') ctx.report('SCT_TYPE_MISMATCH', `'&' needs an integer or flag mask, got the string ${JSON.stringify(m.value)}`, m);
      }
      continue;
    }
    if (leaf.type === 'in') {
      for (const v of leaf.values) {
        const r = info(v);
        if (r && r.kind !== left.kind) ctx.report('SCT_TYPE_MISMATCH', `${describe(left)}; 'in' lists ${describe(r)}`, v);
        else checkFits(ctx, left, v);
      }
      continue;
    }
    const right = info(leaf.right);
    if (!right) continue;
    if (leaf.op === '~=') {
      checkMatch(ctx, leaf.left, left, leaf.right);
      continue;
    }
    if (!right.literal && right.kind === 'struct') {
      ctx.report('SCT_TYPE_MISMATCH', `${right.text} is a ${right.what}; compare one of its fields`, leaf.right);
      continue;
    }
    if (left.kind !== right.kind) {
      ctx.report('SCT_TYPE_MISMATCH', `${describe(left)}; it cannot be compared with ${describe(right)}`, isLiteral(leaf.right) ? leaf.right : leaf.left);
      continue;
    }
    if (ORDERING.has(leaf.op) && left.kind === 'string') {
      ctx.report('SCT_TYPE_MISMATCH', `'${leaf.op}' compares integers, but ${describe(left)}; use == or ~=`, leaf);
    }
    checkFits(ctx, left, leaf.right);
    checkFits(ctx, right, leaf.left);
  }
}

/**
 * An integer literal compared with a register argument must fit the argument's width: the kernel
 * reads a 32-bit argument's low 32 bits only, so `fd == 4294967296` would otherwise compare as
 * `fd == 0`, silently. A 32-bit argument takes -2^31 .. 2^32-1 (as signed or unsigned bits).
 */
function checkFits(ctx: RuleContext, param: OperandInfo, other: Operand): void {
  if (param.literal || param.argType === undefined || !isNumber(other)) return;
  const { bits, signed } = argWidth(param.argType);
  const min = -(1n << BigInt(bits - 1));
  const max = (1n << BigInt(bits)) - 1n;
  const v = BigInt(other.value);
  if (v >= min && v <= max) return;
  const wraps = signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
  ctx.report('SCT_LITERAL_RANGE', `the integer ${other.value} does not fit ${param.text} (${param.what}), a ${bits}-bit argument: the kernel reads only its low ${bits} bits, so it would compare as ${wraps}`, other);
}

function isNumber(o: Operand): o is Extract<Literal, { type: 'number' }> {
  return o.type === 'number';
}

function checkMatch(ctx: RuleContext, subject: Operand, left: OperandInfo, pattern: Operand): void {
  if (left.literal || left.kind !== 'string') {
    ctx.report('SCT_TYPE_MISMATCH', `'~=' matches strings, but ${describe(left)}`, subject);
    return;
  }
  if (pattern.type !== 'string') {
    ctx.report('SCT_TYPE_MISMATCH', `'~=' needs a string literal holding a regular expression on its right`, pattern);
    return;
  }
  const compiled = ctx.regex(pattern.value);
  if (compiled instanceof RegexError) ctx.report(compiled.code, compiled.message, pattern);
}
