// What every pass sees: the rule, the syscalls its selectors resolved to, what earlier passes
// learned about its parameter references, and a `report` that finds the best location.

import type { Diagnostic, Severity } from '../../errors.js';
import type { Arch, SyscallEntry } from '../../tables/index.js';
import type { ParamRef, Rule, SourceLocation } from '../model.js';
import type { PatternCompiler } from '../regex/index.js';
import type { ParamInfo } from '../../filter/index.js';
import type { ErrorCode } from '../../error-codes.js';

export type Libc = 'glibc' | 'musl' | 'none';

export interface CheckOptions {
  arch?: Arch;
  locations?: WeakMap<object, SourceLocation>;
  /** Which libc the target uses, for the SCT_LIBC_AVOIDS warning. Default glibc; 'none' turns it off. */
  libc?: Libc;
}

export interface RuleContext {
  readonly rule: Rule;
  readonly arch: Arch;
  readonly libc: Libc;
  /** The union of what the selectors resolved to, in table order, without duplicates. */
  entries: SyscallEntry[];
  /** False when some selector did not resolve: passes that need every member then stay quiet. */
  selectorsResolved: boolean;
  /** Filled by the parameter pass; absent for references that did not resolve. */
  params: Map<ParamRef, ParamInfo>;
  /** Compiles the `~=` patterns, shared by the rules of one check. */
  regex: PatternCompiler;
  report(code: ErrorCode, message: string, node?: object, severity?: Severity): void;
}

export function makeContext(rule: Rule, arch: Arch, opts: CheckOptions, diagnostics: Diagnostic[], regex: PatternCompiler): RuleContext {
  return {
    rule,
    arch,
    libc: opts.libc ?? 'glibc',
    entries: [],
    selectorsResolved: true,
    params: new Map(),
    regex,
    report(code, message, node, severity = 'error') {
      const loc = (node && opts.locations?.get(node)) ?? opts.locations?.get(rule) ?? rule.loc;
      diagnostics.push(loc ? { severity, code, message, loc } : { severity, code, message });
    },
  };
}

/** `unlink`, `unlink, unlinkat`, or `@open` followed by the member names, for messages. */
export function describeSelection(entries: readonly SyscallEntry[]): string {
  return entries.map((e) => e.name).join(', ');
}
