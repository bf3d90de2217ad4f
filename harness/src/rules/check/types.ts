// Pass: comparisons make sense for what they compare: strings with strings, integers with
// integers, `<`/`>` on integers only, `~=` on a string with a valid ERE, `&` on integers,
// structs only through their fields.

import type { Operand } from '../model.js';
import { compileRegex, RegexError } from '../regex/index.js';
import type { RuleContext } from './context.js';
import { describe, operandInfo, type OperandInfo } from './operand-info.js';
import { SOCKADDR_FIELDS } from './param-info.js';
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
  }
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
  try {
    compileRegex(pattern.value);
  } catch (e) {
    if (!(e instanceof RegexError)) throw e;
    ctx.report(e.code, e.message, pattern);
  }
}
