// `-e inject=SET:error=E|retval=N|signal=S|delay_enter=US|delay_exit=US|when=EXPR` and its alias
// `-e fault=` (default error ENOSYS), with strace's meaning: counters per thread, one rule per
// effect (delay_enter, signal, error/retval, delay_exit).

import { errnoByName, errnoName, signalByName, signalName, type Arch } from '../../tables/index.js';
import { errnoNames, signalNames } from '../check/symbol-names.js';
import { didYouMean } from '../check/suggest.js';
import { durationToUs } from '../builder/duration.js';
import type { Action, Phase, Rule, SyscallSelector, Trigger } from '../model.js';
import { locate, type SpecLine } from './locate.js';
import type { PatternCompiler } from '../regex/index.js';
import type { Reports } from './reports.js';
import { parseSyscallSet } from './set.js';
import { parseWhen } from './when.js';
import type { ErrorCode } from '../../error-codes.js';

const KEYS = ['error', 'retval', 'signal', 'delay_enter', 'delay_exit', 'when'] as const;
type Key = (typeof KEYS)[number];

/** `valueFrom`: offset in the spec of the text after `inject=` / `fault=`. */
export function parseInject(line: SpecLine, qualifier: 'inject' | 'fault', valueFrom: number, arch: Arch, reports: Reports, regex: PatternCompiler): Rule[] {
  const spec = line.spec;
  const error = (code: ErrorCode, message: string, at: number, length: number): void => {
    reports.push({ severity: 'error', code, message, loc: locate(line, at, length) });
  };
  const parts = spec.slice(valueFrom).split(':');
  const setText = parts[0]!;
  const selectors = parseSyscallSet(setText, line, valueFrom, arch, reports, regex);
  let ok = selectors !== undefined;

  const values: Partial<Record<Key, { text: string; at: number }>> = {};
  let at = valueFrom + setText.length + 1;
  for (const part of parts.slice(1)) {
    if (reports.full) return [];
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (!(KEYS as readonly string[]).includes(key) || eq < 0) {
      const why = eq < 0 ? `expected key=value, got '${part}'` : `unknown ${qualifier}= option '${key}'${didYouMean(key, KEYS)}`;
      error('SCT_STRACE_SPEC', `${why}; options are ${KEYS.join(', ')}`, at, part.length || 1);
      ok = false;
    } else if (values[key as Key]) {
      error('SCT_STRACE_SPEC', `${key}= given twice`, at, part.length);
      ok = false;
    } else {
      values[key as Key] = { text: part.slice(eq + 1), at: at + eq + 1 };
    }
    at += part.length + 1;
  }

  const bad = (code: ErrorCode, key: Key, message: string): void => {
    const v = values[key]!;
    error(code, message, v.at, v.text.length);
    ok = false;
  };

  let errno: string | undefined;
  if (values.error) {
    const t = values.error.text;
    errno = /^\d+$/.test(t) ? errnoName(Number(t)) : errnoByName(t) !== undefined ? t : undefined;
    if (errno === undefined) bad('SCT_UNKNOWN_SYMBOL', 'error', `unknown errno '${t}'${didYouMean(t, errnoNames(arch))}`);
  }
  let retval: bigint | undefined;
  if (values.retval) {
    const t = values.retval.text;
    if (/^-?\d+$/.test(t)) retval = BigInt(t);
    else bad('SCT_STRACE_SPEC', 'retval', `retval= needs an integer, got '${t}'`);
  }
  if (values.error && values.retval) bad('SCT_STRACE_SPEC', 'retval', 'error= and retval= cannot be combined: the call either fails or returns a value');
  let signal: string | undefined;
  if (values.signal) {
    const t = values.signal.text;
    signal = normaliseSignal(t, arch);
    if (signal === undefined) bad('SCT_UNKNOWN_SYMBOL', 'signal', `unknown signal '${t}'${didYouMean(t.startsWith('SIG') ? t : `SIG${t}`, signalNames(arch))}`);
  }
  const delay = (key: 'delay_enter' | 'delay_exit'): number | undefined => {
    const v = values[key];
    if (!v) return undefined;
    const us = durationToUs(v.text);
    if (us === undefined) bad('SCT_STRACE_SPEC', key, `${key}= needs a number of microseconds, got '${v.text}'`);
    return us;
  };
  const delayEnter = delay('delay_enter');
  const delayExit = delay('delay_exit');
  let trigger: Trigger = { scope: 'thread' };
  if (values.when) {
    const w = parseWhen(values.when.text);
    if ('error' in w) bad('SCT_BAD_TRIGGER', 'when', w.error);
    else trigger = { when: w, scope: 'thread' };
  }

  if (qualifier === 'fault' && !values.error && !values.retval) errno = 'ENOSYS';
  if (ok && errno === undefined && retval === undefined && !values.signal && !values.delay_enter && !values.delay_exit) {
    error('SCT_STRACE_SPEC', `${qualifier}= needs at least one of error=, retval=, signal=, delay_enter=, delay_exit=`, 0, spec.length);
    ok = false;
  }
  if (!ok || !selectors) return [];

  const actions: [Phase, Action][] = [];
  if (delayEnter !== undefined) actions.push(['before', { type: 'DELAY', us: delayEnter }]);
  if (signal !== undefined) actions.push(['before', { type: 'KILL', signal }]);
  if (errno !== undefined) actions.push(['before', { type: 'FAIL', errno }]);
  if (retval !== undefined) actions.push(['before', { type: 'RETURN', value: retval }]);
  if (delayExit !== undefined) actions.push(['after', { type: 'DELAY', us: delayExit }]);
  const loc = locate(line);
  return actions.map(([phase, action]) => makeRule(selectors, phase, action, trigger, loc));
}

function makeRule(syscalls: SyscallSelector[], phase: Phase, action: Action, trigger: Trigger, loc: Rule['loc']): Rule {
  return {
    syscalls: syscalls.map((s) => ({ ...s })),
    phase,
    action,
    trigger: { ...trigger, ...(trigger.when ? { when: { ...trigger.when } } : {}) },
    ...(loc ? { loc } : {}),
  };
}

/** strace takes `SIGKILL`, `KILL` or `9`. */
function normaliseSignal(text: string, arch: Arch): string | undefined {
  const n = /^\d+$/.test(text) ? Number(text) : (signalByName(text, arch) ?? signalByName(`SIG${text}`, arch));
  return n === undefined ? undefined : signalName(n, arch);
}
