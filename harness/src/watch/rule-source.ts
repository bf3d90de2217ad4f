// Where `sct watch` gets its rules: -c files (the rule language), -e trace=SET and -P paths
// (strace's, as `sct run` reads them). Read again on SIGHUP.

import { loadRules, type LoadedRules } from '../rules/load.js';
import type { Rule } from '../rules/model.js';
import { RuleSyntaxError } from '../errors.js';

export interface RuleSourceOptions {
  files: string[];
  expressions: string[];
  paths: string[];
}

export interface WatchRules {
  rules: Rule[];
  /** Per rule: whether its LOG format is the user's own (not -e trace's strace line). */
  ownFormat: boolean[];
  loaded: LoadedRules;
}

/** Throws RuleSyntaxError (its diagnostics are in `loaded.sources`, for printing) when any rule is invalid. */
export async function readWatchRules(o: RuleSourceOptions): Promise<WatchRules> {
  const loaded = await loadRules({ files: o.files, expressions: o.expressions, paths: o.paths, arch: 'x86_64' });
  if (loaded.errorCount > 0) {
    throw Object.assign(new RuleSyntaxError(loaded.sources.flatMap((s) => s.diagnostics.filter((d) => d.severity === 'error'))), { loaded });
  }
  return {
    rules: [...loaded.rules, ...loaded.traceRules],
    ownFormat: [...loaded.rules.map(() => true), ...loaded.traceRules.map(() => false)],
    loaded,
  };
}
