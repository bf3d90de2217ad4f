// Pass: every parameter reference means something for every selected syscall (PARAMS[n] in
// range, names resolved per syscall, struct fields known, `fd.path` on descriptors only) and
// reads as the same kind of value for all of them.

import type { ParamRef } from '../model.js';
import { describeSelection, type RuleContext } from './context.js';
import { describeKind, type ParamInfo } from '../../filter/index.js';
import { paramText, resolveParamArg } from '../../filter/index.js';
import { didYouMean } from './suggest.js';
import { paramRefs } from './walk.js';

export function checkParams(ctx: RuleContext): void {
  if (!ctx.selectorsResolved || ctx.entries.length === 0) return;
  for (const ref of paramRefs(ctx.rule)) {
    const info = resolveAcrossMembers(ctx, ref);
    if (info) ctx.params.set(ref, info);
  }
}

function resolveAcrossMembers(ctx: RuleContext, ref: ParamRef): ParamInfo | undefined {
  const text = paramText(ref);
  const results = ctx.entries.map((entry) => ({ entry, r: resolveParamArg(entry, ref) }));
  const failed = results.flatMap(({ entry, r }) => (r.ok ? [] : [{ entry, r }]));
  const first = failed[0];
  if (first) {
    const { code } = first.r;
    const selection = ctx.entries.length > 1 ? ` (the rule selects ${describeSelection(ctx.entries)})` : '';
    let message: string;
    if (code === 'SCT_PARAM_RANGE') {
      message = `${text}: ${failed.map((f) => f.r.message).join(', ')}${selection}`;
    } else if (code === 'SCT_UNKNOWN_PARAM' && failed.length === 1 && ctx.entries.length === 1) {
      const names = first.entry.args.map((a) => a.name);
      message = `unknown parameter '${ref.name}' of ${first.entry.name}${didYouMean(ref.name ?? '', names)}`;
      if (!message.includes('did you mean')) message += `; its parameters are ${names.join(', ') || '(none)'}`;
      if (first.r.message.includes('ambiguous')) message = first.r.message;
    } else if (code === 'SCT_UNKNOWN_PARAM') {
      message = failed.length === 1 ? first.r.message + selection : `parameter '${ref.name}' is not a parameter of ${describeSelection(failed.map((f) => f.entry))}${selection}; a filter must make sense for every selected syscall`;
    } else {
      message = first.r.message;
    }
    ctx.report(code, message, ref);
    return undefined;
  }
  const infos = results.map(({ r }) => (r.ok ? r.info : undefined)).filter((i) => i !== undefined);
  const base = infos[0]!;
  const other = results.find(({ r }) => r.ok && r.info.kind !== base.kind);
  if (other && other.r.ok) {
    ctx.report('SCT_TYPE_MISMATCH', `${text} is ${describeKind(base.kind)} for ${ctx.entries[0]!.name} but ${describeKind(other.r.info.kind)} for ${other.entry.name}; split the rule`, ref);
    return undefined;
  }
  // Symbol kinds: those every member accepts (undefined = any).
  let symbolKinds = base.symbolKinds;
  for (const i of infos.slice(1)) {
    if (i.symbolKinds === undefined) continue;
    symbolKinds = symbolKinds === undefined ? i.symbolKinds : symbolKinds.filter((k) => i.symbolKinds!.includes(k));
  }
  return { ...base, ...(symbolKinds ? { symbolKinds } : {}) };
}
