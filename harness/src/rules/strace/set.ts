// strace's syscall sets: `open,close`, `%file`, `/^open`, `?name`, `!write`, `all`, `none`,
// numbers; plus sct's `@family`.

import { getTable, lookupSyscall, resolveSelector, syscallByNr, type Arch } from '../../tables/index.js';
import { didYouMean } from '../check/suggest.js';
import { knownNames } from '../check/names.js';
import type { SyscallSelector } from '../model.js';
import { dfaMatchString, RegexError, type PatternCompiler } from '../regex/index.js';
import { locate, type SpecLine } from './locate.js';
import type { Reports } from './reports.js';
import type { ErrorCode } from '../../error-codes.js';

/** strace class spellings that differ from the table's. */
const CLASS_ALIASES: Readonly<Record<string, readonly string[]>> = {
  network: ['net'],
  '%stat': ['stat', 'lstat', 'fstat'],
  '%statfs': ['statfs'],
};

/**
 * Parses the set that starts at `from` in `line.spec` and spans `text`. Returns undefined when an
 * error was reported; stops at the item that fills `reports`.
 */
export function parseSyscallSet(text: string, line: SpecLine, from: number, arch: Arch, reports: Reports, regex: PatternCompiler): SyscallSelector[] | undefined {
  const error = (code: ErrorCode, message: string, at: number, length: number): void => {
    reports.push({ severity: 'error', code, message, loc: locate(line, at, length) });
  };
  let negate = false;
  let body = text;
  let base = from;
  if (body.startsWith('!')) {
    negate = true;
    body = body.slice(1);
    base++;
  }
  if (body === '') {
    error('SCT_STRACE_SPEC', `empty syscall set in '${line.spec}'`, from, 1);
    return undefined;
  }
  const selectors: SyscallSelector[] = [];
  let ok = true;
  let at = base;
  for (const item of body.split(',')) {
    if (reports.full) break;
    const r = parseItem(item, arch, regex);
    if ('error' in r) {
      error(r.code, r.error, at, item.length);
      ok = false;
    } else {
      selectors.push(...r.selectors);
    }
    at += item.length + 1;
  }
  if (!ok) return undefined;
  if (!negate) return dedupe(selectors);
  const excluded = new Set(selectors.flatMap((s) => resolveSelector(s, arch) ?? []).map((e) => e.name));
  return getTable(arch).syscalls.filter((e) => !excluded.has(e.name)).map((e) => ({ kind: 'name', name: e.name }));
}

type ItemResult = { selectors: SyscallSelector[] } | { error: string; code: ErrorCode };

function parseItem(item: string, arch: Arch, regex: PatternCompiler): ItemResult {
  const optional = item.startsWith('?');
  const name = optional ? item.slice(1) : item;
  const r = parseRequired(name, arch, regex);
  return 'error' in r && optional ? { selectors: [] } : r;
}

function parseRequired(item: string, arch: Arch, regex: PatternCompiler): ItemResult {
  if (item === '') return { code: 'SCT_STRACE_SPEC', error: 'empty name in syscall set' };
  if (item === 'all') return { selectors: getTable(arch).syscalls.map((e) => ({ kind: 'name', name: e.name })) };
  if (item === 'none') return { selectors: [] };
  if (item.startsWith('%')) {
    const cls = item.slice(1);
    const classes = CLASS_ALIASES[cls] ?? [cls];
    const selectors = classes.map((c) => ({ kind: 'class', name: c }) as const);
    if (selectors.some((s) => !resolveSelector(s, arch)?.length)) {
      return { code: 'SCT_UNKNOWN_CLASS', error: `unknown syscall class '${item}'${didYouMean(cls, knownNames(arch).classes, '%')}` };
    }
    return { selectors };
  }
  if (item.startsWith('@')) {
    const selector = { kind: 'family', name: item.slice(1) } as const;
    if (!resolveSelector(selector, arch)?.length) {
      return { code: 'SCT_UNKNOWN_FAMILY', error: `unknown syscall family '${item}'${didYouMean(selector.name, knownNames(arch).families, '@')}` };
    }
    return { selectors: [selector] };
  }
  if (item.startsWith('/')) {
    const dfa = regex(item.slice(1));
    if (dfa instanceof RegexError) return { code: dfa.code, error: dfa.message };
    const names = getTable(arch).syscalls.filter((e) => dfaMatchString(dfa, e.name)).map((e) => e.name);
    if (names.length === 0) return { code: 'SCT_UNKNOWN_SYSCALL', error: `'${item}' matches no syscall on ${arch}` };
    return { selectors: names.map((n) => ({ kind: 'name', name: n })) };
  }
  if (/^\d+$/.test(item)) {
    const e = syscallByNr(Number(item), arch);
    if (!e) return { code: 'SCT_UNKNOWN_SYSCALL', error: `no syscall number ${item} on ${arch}` };
    return { selectors: [{ kind: 'name', name: e.name }] };
  }
  if (!lookupSyscall(item, arch)) {
    return { code: 'SCT_UNKNOWN_SYSCALL', error: `unknown syscall '${item}'${didYouMean(item, knownNames(arch).syscalls) || ` on ${arch}`}` };
  }
  return { selectors: [{ kind: 'name', name: item }] };
}

function dedupe(selectors: SyscallSelector[]): SyscallSelector[] {
  const seen = new Set<string>();
  return selectors.filter((s) => {
    const key = `${s.kind}:${s.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
