// Turns parsed prototypes into typed arguments with gen/data/arg-rules.json.

import type { SyscallArg } from '../../harness/src/tables/types.js';
import type { ArgRule, PrintRule } from './data.js';
import type { RawParam } from './prototypes.js';

export class ClassifyError extends Error {
  readonly code = 'SCT_GEN_CLASSIFY';
}

interface CompiledRule extends ArgRule {
  nameRe?: RegExp;
  ctypeRe?: RegExp;
  syscallSet?: ReadonlySet<string>;
}

export function compileRules(rules: readonly ArgRule[]): CompiledRule[] {
  return rules.map((r) => ({
    ...r,
    ...(r.name !== undefined && { nameRe: new RegExp(`^(?:${r.name})$`) }),
    ...(r.ctype !== undefined && { ctypeRe: new RegExp(`^(?:${r.ctype})$`) }),
    ...(r.syscalls && { syscallSet: new Set(r.syscalls) }),
  }));
}

/** Arguments of `syscall` with their ArgType and, for buffers and sockaddrs, the length's index. */
export function classifyArgs(syscall: string, params: readonly RawParam[], rules: readonly CompiledRule[]): SyscallArg[] {
  return params.map((p, i) => {
    const name = p.name ?? `arg${i}`;
    const rule = rules.find(
      (r) =>
        (!r.syscallSet || r.syscallSet.has(syscall)) &&
        (!r.nameRe || r.nameRe.test(name)) &&
        (!r.ctypeRe || r.ctypeRe.test(p.ctype)),
    );
    if (!rule) throw new ClassifyError(`${syscall}: no rule in gen/data/arg-rules.json matches \`${p.ctype} ${name}\``);
    const arg: SyscallArg = { name, type: rule.type, ctype: p.ctype };
    if (rule.lenArg !== undefined) {
      const len = rule.lenArg === 'next' ? i + 1 : params.findIndex((q) => q.name === rule.lenArg);
      if (len < 0 || len >= params.length) {
        throw new ClassifyError(`${syscall}: \`${name}\` wants a length argument (${rule.lenArg}) but there is none`);
      }
      arg.lenArg = len;
    }
    return arg;
  });
}

/** Sets `print` on the arguments a rule of gen/data/arg-print.json names (first match wins). */
export function printHints(syscall: string, args: SyscallArg[], rules: readonly PrintRule[]): SyscallArg[] {
  const compiled = rules.map((r) => ({ ...r, nameRe: r.name === undefined ? undefined : new RegExp(`^(?:${r.name})$`) }));
  for (const a of args) {
    const rule = compiled.find((r) => (!r.syscalls || r.syscalls.includes(syscall)) && (!r.nameRe || r.nameRe.test(a.name)));
    if (rule) a.print = rule.print;
  }
  return args;
}
