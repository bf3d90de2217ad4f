// `-P path`: strace traces (and injects into) only calls that name the path, either as a path
// argument or through a descriptor argument that refers to it. Expressed per syscall over its
// own argument names, so syscalls with the same path/fd arguments share one rule.
//
// A descriptor's path (`fd.path`, from /proc/PID/fd) is always absolute, so a relative `-P t.db`
// would never match a read or an fsync on it. As strace does, a relative path is also resolved
// against sct's starting cwd (and a symlink to its real path): path arguments match the path as
// given or resolved, descriptors match the resolved forms.

import { realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { resolveSelector, type Arch, type SyscallEntry } from '../../tables/index.js';
import type { Expr, Literal, ParamRef, Rule, SyscallSelector } from '../model.js';

const FD_TYPES: ReadonlySet<string> = new Set(['fd', 'dirfd']);

/** The `-P` paths as path arguments may spell them, and as a descriptor's path reads. */
export interface PathSet {
  /** As given, then resolved against the cwd, then real (symlinks followed); no repeats. */
  named: string[];
  /** The absolute forms only. */
  absolute: string[];
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined; // not there (yet): the resolved path is what a later open creates
  }
}

/** `cwd`: where relative paths start (sct's own starting cwd, as for strace). */
export function pathSet(paths: readonly string[], cwd: string = process.cwd()): PathSet {
  const absolute = [...new Set(paths.flatMap((p) => {
    const abs = resolve(cwd, p);
    const real = realPath(abs);
    return real === undefined ? [abs] : [abs, real];
  }))];
  return { named: [...new Set([...paths.filter((p) => !isAbsolute(p)), ...absolute])], absolute };
}

function matchAny(ref: ParamRef, paths: readonly string[]): Expr {
  const literals: Literal[] = paths.map((p) => ({ type: 'string', value: p }));
  return literals.length === 1 ? { type: 'compare', op: '==', left: ref, right: literals[0]! } : { type: 'in', left: ref, values: literals };
}

/** The arguments a path filter tests: path arguments, and descriptors by their path. */
const filteredArgs = (entry: SyscallEntry) => entry.args.filter((arg) => arg.type === 'path' || FD_TYPES.has(arg.type));

/** `filename == P || dfd.path == P` for one syscall; undefined when it has no such argument. */
export function pathFilter(entry: SyscallEntry, paths: PathSet): Expr | undefined {
  const tests = filteredArgs(entry).map((arg): Expr =>
    arg.type === 'path' ? matchAny({ type: 'param', name: arg.name }, paths.named) : matchAny({ type: 'param', name: arg.name, fdPath: true }, paths.absolute));
  return tests.reduce<Expr | undefined>((acc, t) => (acc ? { type: 'or', left: acc, right: t } : t), undefined);
}

/**
 * The selected syscalls grouped by the shape of their path filter, without those that have none.
 * The shape is that of the arguments tested (a key of names and kinds, not the filter itself: with
 * 20,000 -P paths, stringifying each syscall's filter took 2.5 s), each group's filter built once.
 */
export function groupByPathFilter(selectors: readonly SyscallSelector[], paths: PathSet, arch: Arch): { names: string[]; filter: Expr }[] {
  const groups = new Map<string, { names: string[]; entry: SyscallEntry }>();
  const seen = new Set<string>();
  for (const entry of selectors.flatMap((s) => resolveSelector(s, arch) ?? [])) {
    if (seen.has(entry.name)) continue;
    seen.add(entry.name);
    const key = filteredArgs(entry).map((arg) => `${arg.name}:${arg.type === 'path' ? 'path' : 'fd'}`).join(',');
    if (key === '') continue;
    const g = groups.get(key);
    if (g) g.names.push(entry.name);
    else groups.set(key, { names: [entry.name], entry });
  }
  return [...groups.values()].map(({ names, entry }) => ({ names, filter: pathFilter(entry, paths)! }));
}

/** Splits `rule` into one rule per filter shape, each ANDing the path filter into its own. */
export function restrictToPaths(rule: Rule, paths: PathSet, arch: Arch): Rule[] {
  return groupByPathFilter(rule.syscalls, paths, arch).map(({ names, filter }) => ({
    ...rule,
    syscalls: names.map((name) => ({ kind: 'name', name })),
    filter: rule.filter ? { type: 'and', left: rule.filter, right: filter } : filter,
  }));
}
