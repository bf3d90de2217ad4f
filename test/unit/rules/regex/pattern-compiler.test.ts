import { describe, expect, it } from 'vitest';
import { patternCompiler, RegexError } from '../../../../harness/src/rules/regex/index.js';

// `[^/]*/` n times: each DFA state holds the states of every level before it (about n²/2 steps).
const levels = (n: number, tail: string) => `${'[^/]*/'.repeat(n)}${tail}$`;

describe('patternCompiler', () => {
  it('compiles a pattern written twice once', () => {
    const compile = patternCompiler('these');
    const first = compile('^/etc/');
    expect(first).not.toBeInstanceOf(RegexError);
    expect(compile('^/etc/')).toBe(first);
  });

  it('refuses the pattern that spends the shared budget, naming the limit and the fix, and every one after', () => {
    const compile = patternCompiler('the regular expressions of these rules');
    const results = Array.from({ length: 60 }, (_, i) => compile(levels(150, `x${i}`)));
    const refused = results.findIndex((r) => r instanceof RegexError);
    expect(refused).toBeGreaterThan(10); // each alone is well within its own limit
    expect(results.slice(refused).every((r) => r instanceof RegexError)).toBe(true);
    const error = results[refused] as RegexError;
    expect(error.code).toBe('SCT_REGEX_TOO_BIG');
    expect(error.message).toBe(`regular expression '${levels(150, '').slice(0, 59)}…' is one too many: the regular expressions of these rules take more than 4000000 steps to build in all; use fewer alternatives, \`.*\` and counted repeats, or split it into several conditions`);
  });
});
