// Resolving a ParamRef against one syscall: which argument, and what reading it yields.
// Engines use `resolveParamArg` too, so that a name means the same thing everywhere.

import type { SyscallArg, SyscallEntry } from '../tables/index.js';
import type { ParamRef } from '../rules/model.js';
import { argInfo, PARAM_ALIASES, SOCKADDR_FIELDS, type ParamInfo } from './param-info.js';

export type ParamResolution =
  | { ok: true; index: number; arg: SyscallArg; info: ParamInfo }
  | { ok: false; code: 'SCT_PARAM_RANGE' | 'SCT_UNKNOWN_PARAM' | 'SCT_UNKNOWN_FIELD'; message: string };

export function paramText(ref: ParamRef): string {
  const base = ref.index !== undefined ? `PARAMS[${ref.index}]` : (ref.name ?? '?');
  return [base, ...(ref.field ?? []), ...(ref.fdPath ? ['path'] : [])].join('.');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The argument `ref` designates in `entry` (0-based index), ignoring fields. */
export function findArg(entry: SyscallEntry, ref: ParamRef): { index: number; arg: SyscallArg } | { error: string; code: 'SCT_PARAM_RANGE' | 'SCT_UNKNOWN_PARAM' } {
  if (ref.index !== undefined) {
    const arg = entry.args[ref.index - 1];
    if (ref.index < 1 || !arg) return { code: 'SCT_PARAM_RANGE', error: `${entry.name} has ${plural(entry.args.length, 'parameter')}` };
    return { index: ref.index - 1, arg };
  }
  const name = ref.name ?? '';
  const exact = entry.args.findIndex((a) => a.name === name);
  if (exact >= 0) return { index: exact, arg: entry.args[exact]! };
  for (const types of PARAM_ALIASES[name] ?? []) {
    const matches = entry.args.flatMap((a, i) => (types.includes(a.type) ? [i] : []));
    if (matches.length === 1) return { index: matches[0]!, arg: entry.args[matches[0]!]! };
    if (matches.length > 1) {
      return { code: 'SCT_UNKNOWN_PARAM', error: `'${name}' is ambiguous for ${entry.name}, which has ${matches.map((i) => entry.args[i]!.name).join(' and ')}; name one of them` };
    }
  }
  return { code: 'SCT_UNKNOWN_PARAM', error: `${entry.name} has no parameter '${name}'` };
}

export function resolveParamArg(entry: SyscallEntry, ref: ParamRef): ParamResolution {
  const found = findArg(entry, ref);
  if ('error' in found) return { ok: false, code: found.code, message: found.error };
  const { index, arg } = found;
  const text = paramText(ref);
  const field = ref.field ?? [];
  if (ref.fdPath || (field.length === 1 && field[0] === 'path' && (arg.type === 'fd' || arg.type === 'dirfd'))) {
    if (arg.type !== 'fd' && arg.type !== 'dirfd') {
      return { ok: false, code: 'SCT_UNKNOWN_FIELD', message: `${text}: '.path' needs a file descriptor, but ${arg.name} of ${entry.name} is ${arg.type}` };
    }
    return { ok: true, index, arg, info: { text, kind: 'string', what: 'path of a file descriptor', fdPath: true } };
  }
  if (field.length === 0) return { ok: true, index, arg, info: argInfo(text, arg) };
  const fieldName = field.join('.');
  if (arg.type === 'sockaddr') {
    const f = field.length === 1 ? SOCKADDR_FIELDS[field[0]!] : undefined;
    if (!f) {
      return { ok: false, code: 'SCT_UNKNOWN_FIELD', message: `${text}: a sockaddr has no field '${fieldName}'; its fields are ${Object.keys(SOCKADDR_FIELDS).join(', ')}` };
    }
    return { ok: true, index, arg, info: { text, kind: f.kind, what: `sockaddr ${f.what}`, ...(f.symbolKinds ? { symbolKinds: f.symbolKinds } : {}) } };
  }
  if (arg.type === 'fd' || arg.type === 'dirfd') {
    return { ok: false, code: 'SCT_UNKNOWN_FIELD', message: `${text}: a file descriptor has no field '${fieldName}'; only '.path' (the file it refers to)` };
  }
  if (arg.type === 'struct') {
    return { ok: false, code: 'SCT_UNKNOWN_FIELD', message: `${text}: ${arg.name} of ${entry.name} is a struct whose fields sct does not decode` };
  }
  return { ok: false, code: 'SCT_UNKNOWN_FIELD', message: `${text}: ${arg.name} of ${entry.name} is ${arg.type}, not a struct; it has no field '${fieldName}'` };
}
