// The table of invalid rule files and strace specs (test/fixtures/invalid/cases.ts): each must
// produce exactly the listed diagnostics, in order, at the listed places.

import { describe, expect, it } from 'vitest';
import { checkRules } from '../../../harness/src/rules/check/index.js';
import { parseConfig } from '../../../harness/src/rules/config/index.js';
import { parseStraceOptions } from '../../../harness/src/rules/strace/index.js';
import type { Diagnostic } from '../../../harness/src/errors.js';
import { CASES, type InvalidCase } from '../../fixtures/invalid/cases.js';

function diagnose(c: InvalidCase): Diagnostic[] {
  if (c.kind === 'config') {
    const parsed = parseConfig(c.text, 'rules.sct');
    const checked = checkRules(parsed.rules, { arch: 'x86_64', locations: parsed.locations });
    return [...parsed.diagnostics, ...checked.diagnostics];
  }
  const parsed = parseStraceOptions({ expressions: c.expressions, paths: c.paths ?? [] }, 'x86_64');
  return [...parsed.diagnostics, ...checkRules(parsed.rules, { arch: 'x86_64' }).diagnostics];
}

describe('invalid rules', () => {
  it('covers at least 40 cases, config files and strace specs, and every semantic code', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(CASES.some((c) => c.kind === 'strace')).toBe(true);
    const codes = new Set(CASES.flatMap((c) => c.expected.map((e) => e.code)));
    for (const code of ['SCT_PARSE_SYNTAX', 'SCT_UNKNOWN_SYSCALL', 'SCT_UNKNOWN_FAMILY', 'SCT_UNKNOWN_CLASS', 'SCT_PARAM_RANGE', 'SCT_UNKNOWN_PARAM',
      'SCT_UNKNOWN_FIELD', 'SCT_TYPE_MISMATCH', 'SCT_UNKNOWN_SYMBOL', 'SCT_SYMBOL_KIND', 'SCT_PHASE_ACTION', 'SCT_BAD_REGEX', 'SCT_REGEX_TOO_BIG',
      'SCT_BAD_TRIGGER', 'SCT_LIBC_AVOIDS', 'SCT_STRACE_SPEC']) {
      expect(codes, code).toContain(code);
    }
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = diagnose(c).map((d) => ({
      code: d.code,
      ...(d.severity === 'warning' ? { severity: 'warning' } : {}),
      at: `${d.loc?.line}:${d.loc?.column}`,
      message: d.message,
    }));
    expect(got).toEqual(c.expected);
    if (c.kind === 'strace') for (const d of diagnose(c)) expect(d.loc?.source).toBe('<argv>');
  });
});
