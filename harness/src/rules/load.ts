// Reading rules from where users write them: config files and strace-style options.
// Parsing and the semantic passes run here, so that every front end reports the same diagnostics.

import { readFile, stat } from 'node:fs/promises';
import { hostArch, type Arch } from '../tables/index.js';
import type { Diagnostic } from '../errors.js';
import { UsageError } from '../errors.js';
import type { Rule, SyscallSelector } from './model.js';
import { parseConfig } from './config/index.js';
import { checkRules } from './check/index.js';
import { parseStraceOptions, traceRules } from './strace/index.js';

export interface LoadedSource {
  /** File name, or `<argv>` for command-line specs. */
  source: string;
  text: string;
  diagnostics: Diagnostic[];
}

export interface LoadedRules {
  rules: Rule[];
  sources: LoadedSource[];
  /** `-e trace=SET` (restricted by -P): the syscalls whose calls are printed strace-style... */
  trace?: SyscallSelector[];
  /** ...by these LOG rules, to run after `rules` (so that the user's rule numbers stay). */
  traceRules: Rule[];
  /** Errors only (warnings stay in the sources' diagnostics). */
  errorCount: number;
  warningCount: number;
  /** Reading stopped at `maxErrors` errors: there may be more. */
  stopped: boolean;
}

export interface LoadOptions {
  files?: string[];
  /** strace `-e` expressions, e.g. `inject=openat:error=EACCES`. */
  expressions?: string[];
  /** strace `-P` paths. */
  paths?: string[];
  arch?: Arch;
  /** Stop parsing and checking after this many errors, as compilers do (`--max-errors`). */
  maxErrors?: number;
}

/** Larger rule files are refused unread (a 10 MB file of errors took minutes to parse). */
export const MAX_RULE_FILE_BYTES = 1 << 20;

/** The file's text, or the diagnostic that refuses it for its size. */
async function readRuleFile(file: string): Promise<{ text: string } | { tooLarge: Diagnostic }> {
  try {
    const { size } = await stat(file);
    if (size > MAX_RULE_FILE_BYTES) {
      const message = `the rule file is ${size} bytes, more than the ${MAX_RULE_FILE_BYTES} sct reads; split it`;
      return { tooLarge: { severity: 'error', code: 'SCT_INPUT_TOO_LARGE', message } };
    }
    return { text: await readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new UsageError(`cannot read rule file \`${file}\`: ${code}`, { cause: error });
  }
}

export async function loadRules(options: LoadOptions): Promise<LoadedRules> {
  const sources: LoadedSource[] = [];
  const rules: Rule[] = [];
  let trace: SyscallSelector[] | undefined;
  let traced: Rule[] = [];
  let errors = 0;
  let stopped = false;
  const budget = (): number => (options.maxErrors ?? Infinity) - errors;
  const add = (source: LoadedSource, checked: { rules: Rule[]; stopped: boolean }): void => {
    sources.push(source);
    rules.push(...checked.rules);
    errors += source.diagnostics.filter((d) => d.severity === 'error').length;
    stopped ||= checked.stopped || budget() <= 0;
  };
  for (const file of options.files ?? []) {
    if (stopped) break;
    const read = await readRuleFile(file);
    if ('tooLarge' in read) {
      add({ source: file, text: '', diagnostics: [read.tooLarge] }, { rules: [], stopped: false });
      continue;
    }
    const text = read.text;
    const parsed = parseConfig(text, file, { maxErrors: budget() });
    const checked = checkRules(parsed.rules, { arch: options.arch, locations: parsed.locations, maxErrors: budget() - parsed.diagnostics.length });
    add({ source: file, text, diagnostics: [...parsed.diagnostics, ...checked.diagnostics] }, checked);
  }
  if (!stopped && ((options.expressions?.length ?? 0) > 0 || (options.paths?.length ?? 0) > 0)) {
    const strace = parseStraceOptions({ expressions: options.expressions ?? [], paths: options.paths ?? [], maxErrors: budget() }, options.arch);
    const checked = checkRules(strace.rules, { arch: options.arch, maxErrors: budget() - strace.diagnostics.length });
    const text = [...(options.expressions ?? []).map((e) => `-e ${e}`), ...(options.paths ?? []).map((p) => `-P ${p}`)].join('\n');
    add({ source: '<argv>', text, diagnostics: [...strace.diagnostics, ...checked.diagnostics] }, { rules: checked.rules, stopped: strace.stopped || checked.stopped });
    if (strace.traceGiven && strace.trace) {
      trace = strace.trace;
      traced = traceRules(strace.trace, options.arch ?? hostArch(), strace.paths);
    }
  }
  const all = sources.flatMap((s) => s.diagnostics);
  return {
    rules,
    ...(trace ? { trace } : {}),
    traceRules: traced,
    sources,
    errorCount: all.filter((d) => d.severity === 'error').length,
    warningCount: all.filter((d) => d.severity === 'warning').length,
    stopped,
  };
}
