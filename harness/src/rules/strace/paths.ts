// `-P path`: strace traces (and injects into) only calls that name the path, either as a path
// argument or through a descriptor argument that refers to it. Expressed per syscall over its
// own argument names, so syscalls with the same path/fd arguments share one rule.

import { resolveSelector, type Arch, type SyscallEntry } from '../../tables/index.js';
import type { Expr, Literal, ParamRef, Rule, SyscallSelector } from '../model.js';

const FD_TYPES: ReadonlySet<string> = new Set(['fd', 'dirfd']);

/** `filename == P || dfd.path == P` for one syscall; undefined when it has no such argument. */
export function pathFilter(entry: SyscallEntry, paths: readonly string[]): Expr | undefined {
  const literals = (): Literal[] => paths.map((p) => ({ type: 'string', value: p }));
  const tests = entry.args.flatMap((arg): Expr[] => {
    let ref: ParamRef;
    if (arg.type === 'path') ref = { type: 'param', name: arg.name };
    else if (FD_TYPES.has(arg.type)) ref = { type: 'param', name: arg.name, fdPath: true };
    else return [];
    const [only, ...more] = literals();
    return [more.length === 0 ? { type: 'compare', op: '==', left: ref, right: only! } : { type: 'in', left: ref, values: literals() }];
  });
  return tests.reduce<Expr | undefined>((acc, t) => (acc ? { type: 'or', left: acc, right: t } : t), undefined);
}

/** The selected syscalls grouped by the shape of their path filter, without those that have none. */
export function groupByPathFilter(selectors: readonly SyscallSelector[], paths: readonly string[], arch: Arch): { names: string[]; filter: Expr }[] {
  const groups = new Map<string, { names: string[]; filter: Expr }>();
  const seen = new Set<string>();
  for (const entry of selectors.flatMap((s) => resolveSelector(s, arch) ?? [])) {
    if (seen.has(entry.name)) continue;
    seen.add(entry.name);
    const filter = pathFilter(entry, paths);
    if (!filter) continue;
    const key = JSON.stringify(filter);
    const g = groups.get(key);
    if (g) g.names.push(entry.name);
    else groups.set(key, { names: [entry.name], filter });
  }
  return [...groups.values()];
}

/** Splits `rule` into one rule per filter shape, each ANDing the path filter into its own. */
export function restrictToPaths(rule: Rule, paths: readonly string[], arch: Arch): Rule[] {
  return groupByPathFilter(rule.syscalls, paths, arch).map(({ names, filter }) => ({
    ...rule,
    syscalls: names.map((name) => ({ kind: 'name', name })),
    filter: rule.filter ? { type: 'and', left: rule.filter, right: filter } : filter,
  }));
}
