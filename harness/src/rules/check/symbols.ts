// Pass: every symbolic constant in a filter exists, and is of a kind the compared parameter
// takes (O_CREAT against open flags, not against a signal).

import { lookupConstant } from '../../tables/index.js';
import type { Literal, Operand } from '../model.js';
import type { RuleContext } from './context.js';
import { operandInfo } from './operand-info.js';
import { KIND_NAMES } from './symbol-names.js';
import { knownNames } from './names.js';
import { didYouMean } from './suggest.js';
import { isLiteral, leaves, type Leaf } from './walk.js';

export function checkSymbols(ctx: RuleContext): void {
  for (const leaf of leaves(ctx.rule.filter)) {
    const [subject, symbols] = split(leaf);
    for (const sym of symbols) {
      const c = lookupConstant(sym.name, ctx.arch);
      if (!c) {
        ctx.report('SCT_UNKNOWN_SYMBOL', `unknown symbol '${sym.name}'${didYouMean(sym.name, knownNames(ctx.arch).constants)}`, sym);
        continue;
      }
      const s = subject && operandInfo(subject, ctx.params, ctx.arch);
      if (!s || s.literal) continue;
      const kinds = s.symbolKinds;
      if (kinds === undefined || kinds.includes(c.kind)) continue;
      const wanted = kinds.length === 0 ? 'takes no symbolic constants' : `takes ${kinds.map((k) => KIND_NAMES[k]).join(' or ')}`;
      ctx.report('SCT_SYMBOL_KIND', `${sym.name} is ${KIND_NAMES[c.kind]}, but ${s.text} (${s.what}) ${wanted}`, sym);
    }
  }
}

/** The non-literal side of a leaf and the symbols compared with it. */
function split(leaf: Leaf): [Operand | undefined, Extract<Literal, { type: 'symbol' }>[]] {
  const syms = (xs: Operand[]) => xs.filter((x): x is Extract<Literal, { type: 'symbol' }> => x.type === 'symbol');
  switch (leaf.type) {
    case 'compare': {
      const subject = isLiteral(leaf.left) ? (isLiteral(leaf.right) ? undefined : leaf.right) : leaf.left;
      return [subject, syms([leaf.left, leaf.right])];
    }
    case 'in': return [leaf.left, syms(leaf.values)];
    case 'flagtest': return [leaf.left, syms(leaf.mask)];
  }
}
