// Reading rules from where users write them: config files and strace-style options.
// Parsing and the semantic passes run here, so that every front end reports the same diagnostics.

import { readFile } from 'node:fs/promises';
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
}

export interface LoadOptions {
  files?: string[];
  /** strace `-e` expressions, e.g. `inject=openat:error=EACCES`. */
  expressions?: string[];
  /** strace `-P` paths. */
  paths?: string[];
  arch?: Arch;
}

async function readRuleFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
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
  for (const file of options.files ?? []) {
    const text = await readRuleFile(file);
    const parsed = parseConfig(text, file);
    const checked = checkRules(parsed.rules, { arch: options.arch, locations: parsed.locations });
    sources.push({ source: file, text, diagnostics: [...parsed.diagnostics, ...checked.diagnostics] });
    rules.push(...checked.rules);
  }
  if ((options.expressions?.length ?? 0) > 0 || (options.paths?.length ?? 0) > 0) {
    const strace = parseStraceOptions({ expressions: options.expressions ?? [], paths: options.paths ?? [] }, options.arch);
    const checked = checkRules(strace.rules, { arch: options.arch });
    const text = [...(options.expressions ?? []).map((e) => `-e ${e}`), ...(options.paths ?? []).map((p) => `-P ${p}`)].join('\n');
    sources.push({ source: '<argv>', text, diagnostics: [...strace.diagnostics, ...checked.diagnostics] });
    rules.push(...checked.rules);
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
  };
}
