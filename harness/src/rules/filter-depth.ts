// How deep a filter's tree may be. `a && b && c ...` parses to a left-deep tree, one level per
// operator, and the passes after the parser (checks, printer, compilers) walk it recursively:
// a 20,000-term chain overflowed the stack. Every stage that takes a filter asks here first,
// with an explicit stack, and refuses a deeper one with SCT_FILTER_TOO_DEEP.

import { SctError } from '../errors.js';
import type { Expr } from './model.js';

/** Levels of `&&`, `||` and `!` in one filter; far above any real rule, far below the stack. */
export const MAX_FILTER_DEPTH = 1000;

export const FILTER_TOO_DEEP = 'SCT_FILTER_TOO_DEEP';

export const filterTooDeepMessage = (): string =>
  `the filter nests more than ${MAX_FILTER_DEPTH} levels of &&, || and ! (each operator of a chain is one level); ` +
  'split the rule, or list values with `in (...)`';

/** A rule's filter that is too deep, outside the config language (built rules, the API). */
export class FilterTooDeepError extends SctError {
  readonly code = FILTER_TOO_DEEP;
}

/** The first term (comparison, `in`, flag test), left to right, that lies deeper than MAX_FILTER_DEPTH. */
export function tooDeepNode(expr: Expr | undefined): Expr | undefined {
  const stack: [Expr, number][] = expr ? [[expr, 0]] : [];
  while (stack.length > 0) {
    const [e, depth] = stack.pop()!;
    if (depth > MAX_FILTER_DEPTH) return firstTerm(e);
    if (e.type === 'and' || e.type === 'or') stack.push([e.right, depth + 1], [e.left, depth + 1]);
    else if (e.type === 'not') stack.push([e.expr, depth + 1]);
  }
  return undefined;
}

/** Throws FilterTooDeepError naming `what` (a rule) when its filter is too deep. */
export function assertFilterDepth(expr: Expr | undefined, what: string): void {
  if (tooDeepNode(expr)) throw new FilterTooDeepError(`${what}: ${filterTooDeepMessage()}`);
}

function firstTerm(expr: Expr): Expr {
  let e = expr;
  for (;;) {
    if (e.type === 'and' || e.type === 'or') e = e.left;
    else if (e.type === 'not') e = e.expr;
    else return e;
  }
}
