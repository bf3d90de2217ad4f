// Pass: the action makes sense in the rule's phase and its operands exist: FAIL takes an errno,
// KILL a signal, ALTER writes a value of the target's type at a time the write has an effect.

import { errnoByName, lookupConstant, signalByName } from '../../tables/index.js';
import type { Action } from '../model.js';
import type { RuleContext } from './context.js';
import { describe, literalInfo } from './operand-info.js';
import { describeKind } from '../../filter/index.js';
import { errnoNames, KIND_NAMES, signalNames } from './symbol-names.js';
import { didYouMean } from './suggest.js';
import { LOG_VARIABLES, unknownLogVariables } from '../log-variables.js';
import { checkAlterFits } from './alter-fit.js';

export function checkAction(ctx: RuleContext): void {
  const { action } = ctx.rule;
  switch (action.type) {
    case 'FAIL': return checkErrno(ctx, action);
    case 'KILL': {
      if (signalByName(action.signal, ctx.arch) !== undefined) return;
      const c = lookupConstant(action.signal, ctx.arch);
      if (c) ctx.report('SCT_SYMBOL_KIND', `KILL needs a signal, but ${action.signal} is ${KIND_NAMES[c.kind]}`, action);
      else ctx.report('SCT_UNKNOWN_SYMBOL', `unknown signal '${action.signal}'${didYouMean(action.signal, signalNames(ctx.arch))}`, action);
      return;
    }
    case 'DELAY':
    case 'SUSPEND':
      if (action.us !== undefined && !(Number.isSafeInteger(action.us) && action.us >= 0)) {
        ctx.report('SCT_BAD_ACTION', `${action.type} needs a non-negative whole number of microseconds, got ${action.us}`, action);
      }
      return;
    case 'ALTER': return checkAlter(ctx, action);
    case 'LOG': {
      const unknown = action.format === undefined ? [] : unknownLogVariables(action.format);
      for (const v of new Set(unknown)) {
        const hint = v === '%' ? '; write %% for a literal %' : `${didYouMean(v.slice(1), LOG_VARIABLES, '%')} (docs/log-format.md lists them)`;
        ctx.report('SCT_BAD_LOG_FORMAT', `unknown log format variable '${v}'${hint}`, action);
      }
      return;
    }
    case 'RETURN':
      return;
  }
}

function checkErrno(ctx: RuleContext, action: Extract<Action, { type: 'FAIL' }>): void {
  if (errnoByName(action.errno) !== undefined) return;
  const c = lookupConstant(action.errno, ctx.arch);
  if (c) ctx.report('SCT_SYMBOL_KIND', `FAIL needs an errno, but ${action.errno} is ${KIND_NAMES[c.kind]}`, action);
  else ctx.report('SCT_UNKNOWN_SYMBOL', `unknown errno '${action.errno}'${didYouMean(action.errno, errnoNames(ctx.arch))}`, action);
}

function checkAlter(ctx: RuleContext, action: Extract<Action, { type: 'ALTER' }>): void {
  const { target } = action;
  if (target.kind === 'retval') {
    if (ctx.rule.phase === 'before') {
      ctx.report('SCT_PHASE_ACTION', `ALTER of RETVAL in a 'before' rule: the call has not returned yet; use when = after, or RETURN to skip the call`, action);
      return;
    }
    const v = literalInfo(action.value, ctx.arch);
    if (v && v.kind !== 'int') ctx.report('SCT_TYPE_MISMATCH', `RETVAL is an integer; it cannot be set to ${describe(v)}`, action.value);
    return;
  }
  if (ctx.rule.phase === 'after') {
    ctx.report('SCT_PHASE_ACTION', `ALTER of a parameter in an 'after' rule has no effect: the call has already read its arguments; use when = before`, action);
    return;
  }
  const info = ctx.params.get(target.param);
  if (!info) return;
  if (info.fdPath) {
    ctx.report('SCT_TYPE_MISMATCH', `${info.text}: the path behind a file descriptor cannot be altered; alter the descriptor itself`, target.param);
    return;
  }
  if (info.kind === 'struct') {
    ctx.report('SCT_TYPE_MISMATCH', `${info.text} is a ${info.what}; alter one of its fields`, target.param);
    return;
  }
  const v = literalInfo(action.value, ctx.arch);
  if (!v) {
    if (action.value.type === 'symbol') ctx.report('SCT_UNKNOWN_SYMBOL', `unknown symbol '${action.value.name}'`, action.value);
    return;
  }
  if (v.kind !== info.kind) {
    ctx.report('SCT_TYPE_MISMATCH', `${info.text} (${info.what}) is ${describeKind(info.kind)}; it cannot be set to ${describe(v)}`, action.value);
  } else if (v.constant && info.symbolKinds && !info.symbolKinds.includes(v.constant)) {
    ctx.report('SCT_SYMBOL_KIND', `${info.text} (${info.what}) cannot be set to ${v.text}`, action.value);
  } else if (action.value.type === 'string') {
    checkAlterFits(ctx, target.param, action.value.value, action.value);
  }
}
