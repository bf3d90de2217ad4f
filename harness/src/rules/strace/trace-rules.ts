// `-e trace=SET` as rules: an after-phase LOG with strace's notation (`%call`) for every call of
// the set, so that its result shows; calls that never return are logged before they run. Used by
// `sct trace` and by `sct run -e trace=`.

import type { Arch } from '../../tables/index.js';
import { resolveSelector } from '../../tables/index.js';
import type { Rule, SyscallSelector } from '../model.js';
import { restrictToPaths, type PathSet } from './paths.js';

/** Calls that never return to the caller: logged before they run instead. */
const NO_RETURN = new Set(['exit', 'exit_group', 'rt_sigreturn']);
/**
 * Calls whose arguments are gone once they return (exec replaces the memory that held argv):
 * logged before and after; the printer holds the first line until the result comes.
 */
export const TWO_PHASE = new Set(['execve', 'execveat']);

/** `paths`: -P, which restricts each rule to calls on those paths; `fdPaths`: -y, fds with their paths. */
export function traceRules(selectors: readonly SyscallSelector[], arch: Arch, paths?: PathSet, fdPaths = false): Rule[] {
  const action = { type: 'LOG' as const, format: '%call', ...(fdPaths ? { fdPaths: true } : {}) };
  const log = (phase: 'before' | 'after', sel: SyscallSelector[]): Rule => ({ syscalls: sel, phase, action, trigger: { scope: 'tree' } });
  const returning = selectors.filter((s) => !(s.kind === 'name' && NO_RETURN.has(s.name)));
  const noReturn = selectors.filter((s) => s.kind === 'name' && (NO_RETURN.has(s.name) || TWO_PHASE.has(s.name)));
  const rules = [...(returning.length > 0 ? [log('after', returning)] : []), ...(noReturn.length > 0 ? [log('before', noReturn)] : [])];
  return paths === undefined ? rules : rules.flatMap((r) => restrictToPaths(r, paths, arch));
}

/** The syscall names a trace set selects. */
export function tracedNames(selectors: readonly SyscallSelector[], arch: Arch): Set<string> {
  return new Set(selectors.flatMap((s) => resolveSelector(s, arch) ?? []).map((e) => e.name));
}
