import { checkRules, type CheckOptions } from '../../../../harness/src/rules/check/index.js';
import { parseConfig } from '../../../../harness/src/rules/config/index.js';

/** Parses one rule body (`syscall_name = ...` lines) and checks it on x86_64. */
export function check(body: string, opts: CheckOptions = {}) {
  const text = `rule {\n${body}\n}\n`;
  const parsed = parseConfig(text, 't.sct');
  if (parsed.diagnostics.length > 0) throw new Error(`test rule does not parse: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  const result = checkRules(parsed.rules, { arch: 'x86_64', locations: parsed.locations, ...opts });
  return { ...result, locations: parsed.locations, messages: result.diagnostics.map((d) => `${d.code}: ${d.message}`) };
}

export const FAIL = 'action { type = FAIL ; error = EACCES }';
