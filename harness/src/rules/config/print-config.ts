// Rules in normal form: one key per line, keys in a fixed order, defaults left out except
// `when` (the phase) and a probability's seed. parseConfig(printConfig(rules)) gives the rules back.

import { NotRepresentableError } from '../../errors.js';
import { asRules, type Buildable } from '../as-rule.js';
import type { Action, AlterTarget, Rule, SyscallSelector, Trigger, WhenRange } from '../model.js';
import { printDuration } from './print-duration.js';
import { printExpr } from './print-expr.js';
import { printLiteral, printParam, printString } from './print-literal.js';

const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function printSelector(s: SyscallSelector): string {
  return s.kind === 'family' ? `@${s.name}` : s.kind === 'class' ? `%${s.name}` : s.name;
}

function printTarget(target: AlterTarget): string {
  return target.kind === 'retval' ? 'RETVAL' : printParam(target.param);
}

/** `log_format` text: backslashes and braces escaped so that the block ends where it should. */
function printLogFormat(format: string): string {
  return format.replace(/[\\{}]/g, (ch) => `\\${ch}`);
}

function actionLines(action: Action): string[] {
  const lines = [`type = ${action.type}`];
  switch (action.type) {
    case 'LOG':
      if (action.format !== undefined) lines.push(`log_format {${printLogFormat(action.format)}}`);
      break;
    case 'FAIL':
      lines.push(`error = ${action.errno}`);
      break;
    case 'RETURN':
      lines.push(`value = ${action.value}`);
      break;
    case 'DELAY':
      lines.push(`duration = ${printDuration(action.us)}`);
      break;
    case 'SUSPEND':
      if (action.us !== undefined) lines.push(`duration = ${printDuration(action.us)}`);
      break;
    case 'KILL':
      lines.push(`signal = ${action.signal}`);
      break;
    case 'ALTER':
      lines.push(`target = ${printTarget(action.target)}`, `value = ${printLiteral(action.value)}`);
      break;
  }
  return lines;
}

/** strace's when= syntax; a lone number (step 0, no last) means that one occurrence. */
export function printWhen(w: WhenRange): string {
  if (w.last === undefined) {
    if (w.step === 0) return `${w.first}`;
    return w.step === undefined ? `${w.first}+` : `${w.first}+${w.step}`;
  }
  return w.step === undefined ? `${w.first}..${w.last}` : `${w.first}..${w.last}+${w.step}`;
}

function triggerLines(t: Trigger): string[] {
  const lines: string[] = [];
  if (t.when) lines.push(`when = ${printWhen(t.when)}`);
  if (t.probability) lines.push(`probability = ${t.probability.p}`, `seed = ${t.probability.seed}`);
  if (t.maxCount !== undefined) lines.push(`max = ${t.maxCount}`);
  if (t.scope !== 'tree') lines.push(`count = ${t.scope}`);
  return lines;
}

function block(key: string, lines: string[]): string[] {
  return [`${key} {`, ...lines.map((l) => `  ${l}`), '}'];
}

export function printRule(rule: Rule): string {
  if (rule.callback) {
    throw new NotRepresentableError(`rule ${rule.name ?? '(unnamed)'} has a JS callback, which the config language cannot express`);
  }
  const lines = [`syscall_name = ${rule.syscalls.map(printSelector).join(', ')}`];
  if (rule.name !== undefined) lines.push(`rule_name = ${BARE_NAME.test(rule.name) ? rule.name : printString(rule.name)}`);
  lines.push(`when = ${rule.phase}`);
  if (rule.filter) lines.push(`filter_expression { ${printExpr(rule.filter)} }`);
  lines.push(...block('action', actionLines(rule.action)));
  const trigger = triggerLines(rule.trigger);
  if (trigger.length > 0) lines.push(...block('trigger', trigger));
  return ['rule', '{', ...lines.map((l) => `  ${l}`), '}', ''].join('\n');
}

export function printConfig(rules: readonly (Rule | Buildable)[]): string {
  return asRules(rules).map(printRule).join('\n');
}
