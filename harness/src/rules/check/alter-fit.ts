// ALTER of a string writes in place: new bytes that do not fit in the caller's string (NUL
// included) are not written and the call runs unchanged. When the filter pins the parameter to
// string literals (`path == "a.conf"`, `path in [...]`), the fit is known before the run.

import type { Expr, ParamRef } from '../model.js';
import type { RuleContext } from './context.js';
import { resolveParamArg } from '../../filter/index.js';

/** The string literals `ref` must equal for the filter to hold; undefined when it is not pinned. */
function pinned(expr: Expr | undefined, same: (r: ParamRef) => boolean): string[] | undefined {
  if (!expr) return undefined;
  switch (expr.type) {
    case 'and': {
      const l = pinned(expr.left, same);
      const r = pinned(expr.right, same);
      return l && r ? l.filter((s) => r.includes(s)) : (l ?? r);
    }
    case 'or': {
      const l = pinned(expr.left, same);
      const r = pinned(expr.right, same);
      return l && r ? [...l, ...r] : undefined;
    }
    case 'compare': {
      if (expr.op !== '==') return undefined;
      const [ref, lit] = expr.left.type === 'param' ? [expr.left, expr.right] : [expr.right, expr.left];
      return ref.type === 'param' && lit.type === 'string' && same(ref) ? [lit.value] : undefined;
    }
    case 'in':
      return expr.left.type === 'param' && same(expr.left) && expr.values.every((v) => v.type === 'string')
        ? expr.values.map((v) => (v as { value: string }).value)
        : undefined;
    default:
      return undefined;
  }
}

export function checkAlterFits(ctx: RuleContext, target: ParamRef, value: string, node: object): void {
  const entry = ctx.entries[0];
  if (!entry || target.field?.length || target.fdPath) return;
  const argName = (r: ParamRef): string | undefined => {
    const res = resolveParamArg(entry, r);
    return res.ok && !r.field?.length && !r.fdPath ? res.arg.name : undefined;
  };
  const name = argName(target);
  const strings = pinned(ctx.rule.filter, (r) => name !== undefined && argName(r) === name);
  if (!strings || strings.length === 0) return;
  const need = Buffer.byteLength(value) + 1;
  const short = strings.filter((s) => Buffer.byteLength(s) + 1 < need);
  if (short.length === 0) return;
  const which = short.map((s) => JSON.stringify(s)).join(', ');
  ctx.report(
    'SCT_ALTER_TOO_LONG',
    `${JSON.stringify(value)} (${need} bytes with its NUL) does not fit in ${which} (${Buffer.byteLength(short[0]!) + 1}); ALTER writes in place, so ${strings.length === short.length ? 'the call would always run unchanged' : 'those calls would run unchanged'}; use a value no longer than the path it replaces`,
    node,
    'warning',
  );
}
