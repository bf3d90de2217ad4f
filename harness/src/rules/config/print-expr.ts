// Filter expressions with the fewest parentheses that parse back to the same tree:
// `&&` binds tighter than `||`, both associate to the left, `!` applies to a parenthesised term.

import { assertFilterDepth } from '../filter-depth.js';
import type { Expr } from '../model.js';
import { printLiteral, printOperand } from './print-literal.js';

const PRECEDENCE = { or: 1, and: 2 } as const;

function precedence(e: Expr): number {
  return e.type === 'or' || e.type === 'and' ? PRECEDENCE[e.type] : 3;
}

function wrap(e: Expr, needsParens: boolean): string {
  return needsParens ? `(${printNode(e)})` : printNode(e);
}

/** Throws FilterTooDeepError (SCT_FILTER_TOO_DEEP) for a filter the printer's recursion cannot take. */
export function printExpr(e: Expr): string {
  assertFilterDepth(e, 'printExpr');
  return printNode(e);
}

function printNode(e: Expr): string {
  switch (e.type) {
    case 'or':
    case 'and': {
      const own = PRECEDENCE[e.type];
      const op = e.type === 'or' ? '||' : '&&';
      return `${wrap(e.left, precedence(e.left) < own)} ${op} ${wrap(e.right, precedence(e.right) <= own)}`;
    }
    case 'not':
      return `!${wrap(e.expr, e.expr.type !== 'not')}`;
    case 'compare':
      return `${printOperand(e.left)} ${e.op} ${printOperand(e.right)}`;
    case 'in':
      return `${printOperand(e.left)} in (${e.values.map(printLiteral).join(', ')})`;
    case 'flagtest': {
      const mask = e.mask.map(printLiteral).join('|');
      return `${printOperand(e.left)} & ${e.mask.length === 1 ? mask : `(${mask})`}`;
    }
  }
}
