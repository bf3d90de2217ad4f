// strace's command-line rule options (`-e EXPR`, `-P PATH`) -> sct rules and a trace set.

import type { Diagnostic } from '../../errors.js';
import { getTable, hostArch, type Arch } from '../../tables/index.js';
import { MAX_STRING_LITERAL } from '../check/literal-size.js';
import type { Rule, SourceLocation, SyscallSelector } from '../model.js';
import { parseInject } from './inject.js';
import { locate, specLines, type SpecLine } from './locate.js';
import { groupByPathFilter, pathSet, restrictToPaths, type PathSet } from './paths.js';
import { patternCompiler } from '../regex/index.js';
import { Reports } from './reports.js';
import { parseSyscallSet } from './set.js';
import type { ErrorCode } from '../../error-codes.js';

export interface StraceOptions {
  /** Each the text after `-e`: `trace=%file`, `inject=openat:error=EACCES:when=3`, `!write`. */
  expressions: string[];
  /** `-P` paths. */
  paths?: string[];
  /** Where relative `-P` paths start (default: this process's cwd, as strace's own). */
  cwd?: string;
  /** Stop reading the specs after this many errors (`--max-errors`). */
  maxErrors?: number;
}

export interface StraceResult {
  rules: Rule[];
  /** The union of `trace=` sets (restricted by `-P`); undefined when neither was given. */
  trace?: SyscallSelector[];
  /** Whether a `trace=` expression was given (not only -P, which restricts the default set). */
  traceGiven: boolean;
  /** The -P paths as they match (see pathSet); undefined without -P. */
  paths?: PathSet;
  diagnostics: Diagnostic[];
  /** Reading stopped at `maxErrors` errors: there may be more. */
  stopped: boolean;
}

/** Qualifiers that change only how strace prints; sct accepts and ignores them with a warning. */
const DISPLAY_QUALIFIERS = new Set(['abbrev', 'a', 'verbose', 'v', 'raw', 'x', 'signal', 'signals', 's', 'read', 'reads', 'r', 'write', 'writes', 'w', 'status', 'quiet', 'silent', 'silence', 'q', 'decode-fds', 'decode-fd', 'decode-pids', 'decode-pid', 'kvm']);
const TRACE_QUALIFIERS = new Set(['trace', 't']);

/**
 * More -P paths are refused: each one is a comparison in the filter of every rule and of every
 * traced syscall (60,000 paths took 10 s to check, and would be compared at each call).
 */
export const MAX_PATH_OPTIONS = 1024;

/** Empty and overlong -P paths, and the -P options past MAX_PATH_OPTIONS. */
function pathProblems(lines: readonly SpecLine[]): Diagnostic[] {
  const error = (code: ErrorCode, message: string, loc: SourceLocation): Diagnostic => ({ severity: 'error', code, message, loc });
  const problems = lines.slice(0, MAX_PATH_OPTIONS).flatMap((l) => {
    if (l.spec === '') return [error('SCT_STRACE_SPEC', '-P needs a path, got an empty string', locate(l, 0, 1))];
    if (l.spec.length > MAX_STRING_LITERAL) return [error('SCT_LITERAL_TOO_LONG', `a path of ${l.spec.length} characters is longer than any the kernel takes (at most ${MAX_STRING_LITERAL})`, locate(l))];
    return [];
  });
  const extra = lines[MAX_PATH_OPTIONS];
  if (extra) problems.push(error('SCT_STRACE_SPEC', `${lines.length} -P paths, more than the ${MAX_PATH_OPTIONS} sct takes; match many paths with a rule file's filter instead (path ~= "^/data/")`, locate(extra)));
  return problems;
}

export function parseStraceOptions(opts: StraceOptions, arch: Arch = hostArch()): StraceResult {
  const paths = opts.paths ?? [];
  const lines = specLines(opts.expressions, paths);
  const reports = new Reports(opts.maxErrors);
  const diagnostics = reports.diagnostics;
  const regex = patternCompiler('the regular expressions of these -e options');
  let rules: Rule[] = [];
  let trace: SyscallSelector[] | undefined;

  for (const line of lines.slice(0, opts.expressions.length)) {
    if (reports.full) break;
    const { spec } = line;
    const eq = spec.indexOf('=');
    const qualifier = eq < 0 ? 'trace' : spec.slice(0, eq);
    const valueFrom = eq < 0 ? 0 : eq + 1;
    if (TRACE_QUALIFIERS.has(qualifier)) {
      const set = parseSyscallSet(spec.slice(valueFrom), line, valueFrom, arch, reports, regex);
      if (set) trace = [...(trace ?? []), ...set];
    } else if (qualifier === 'inject' || qualifier === 'fault') {
      rules.push(...parseInject(line, qualifier, valueFrom, arch, reports, regex));
    } else if (DISPLAY_QUALIFIERS.has(qualifier)) {
      reports.push({ severity: 'warning', code: 'SCT_STRACE_IGNORED', message: `-e ${qualifier}= only changes strace's output; sct ignores it`, loc: locate(line, 0, eq) });
    } else {
      reports.push({ severity: 'error', code: 'SCT_STRACE_SPEC', message: `unknown qualifier '${qualifier}' in '-e ${spec}'; sct understands trace=, inject= and fault=`, loc: locate(line, 0, eq) });
    }
  }

  if (reports.full) return { rules: [], traceGiven: trace !== undefined, diagnostics, stopped: true };
  const traceGiven = trace !== undefined;
  let set: PathSet | undefined;
  const pathLines = lines.slice(opts.expressions.length);
  if (pathLines.length > 0) {
    const bad = pathProblems(pathLines);
    for (const d of bad) reports.push(d);
    if (bad.length === 0) {
      const ps = pathSet(paths, opts.cwd);
      set = ps;
      rules = rules.flatMap((rule) => {
        const split = restrictToPaths(rule, ps, arch);
        if (split.length === 0 && rule.loc) {
          reports.push({ severity: 'warning', code: 'SCT_STRACE_PATH_UNUSED', message: `none of the syscalls of this rule takes a path or a file descriptor, so with -P it never applies`, loc: rule.loc });
        }
        return split;
      });
      const all: SyscallSelector[] = trace ?? getTable(arch).syscalls.map((e) => ({ kind: 'name', name: e.name }));
      trace = groupByPathFilter(all, ps, arch).flatMap((g) => g.names.map((name) => ({ kind: 'name', name }) as const));
    }
  }
  return { rules, ...(trace ? { trace } : {}), traceGiven, ...(set ? { paths: set } : {}), diagnostics, stopped: false };
}
