// Strings longer than any path or name the kernel takes (PATH_MAX, 4096 bytes with its NUL)
// can never match: refused here, before later passes and the regex compiler spend time on them.

import { leaves, operandsOf } from './walk.js';
import type { RuleContext } from './context.js';

export const MAX_STRING_LITERAL = 4096;

export function checkLiteralSizes(ctx: RuleContext): void {
  for (const operand of leaves(ctx.rule.filter).flatMap(operandsOf)) {
    if (operand.type === 'string' && operand.value.length > MAX_STRING_LITERAL) {
      ctx.report('SCT_LITERAL_TOO_LONG', `a string of ${operand.value.length} characters is longer than any path or name the kernel takes (at most ${MAX_STRING_LITERAL})`, operand);
    }
  }
}
