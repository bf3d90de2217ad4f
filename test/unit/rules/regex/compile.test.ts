import { describe, expect, it } from 'vitest';
import { compileRegex, dfaMatch, dfaMatchString, ereToJs, RegexError } from '../../../../harness/src/rules/regex/index.js';

function rejects(ere: string, code: string, message: RegExp): void {
  let err: unknown;
  try { compileRegex(ere); } catch (e) { err = e; }
  expect(err, ere).toBeInstanceOf(RegexError);
  expect((err as RegexError).code).toBe(code);
  expect((err as RegexError).message).toMatch(message);
}

describe('compileRegex', () => {
  it.each([
    ['\\.conf$', '/etc/x.conf', true],
    ['\\.conf$', '/etc/x.conf.bak', false],
    ['^/etc/', '/etc/passwd', true],
    ['^/etc/', '/x/etc/passwd', false],
    ['passwd', '/etc/passwd-', true],
    ['a{3}', 'aa', false],
    ['a{3}', 'xaaax', true],
    ['^a{2,}$', 'aaaa', true],
    ['^(ab|cd)+$', 'abcdab', true],
    ['^(ab|cd)+$', 'abc', false],
    ['[[:digit:]][[:alpha:]]', 'x1y', true],
    ['[^/]+\\.so', '/lib/libc.so.6', true],
    ['[]x]', ']', true],
    ['[a-]', '-', true],
    ['[\\]', '\\', true],
    ['^é$', 'é', true],
  ] as const)('%s on %j -> %s', (ere, s, expected) => {
    expect(dfaMatchString(compileRegex(ere), s)).toBe(expected);
  });

  it('stops at the first NUL, as the C side does', () => {
    const dfa = compileRegex('^ab$');
    expect(dfaMatch(dfa, new Uint8Array([0x61, 0x62, 0, 0x63]))).toBe(true);
    expect(dfaMatch(dfa, new Uint8Array([0x61, 0, 0x62]))).toBe(false);
  });

  it('produces a table of the documented shape with state 0 dead', () => {
    const dfa = compileRegex('^ab');
    expect(dfa.dead).toBe(0);
    expect(dfa.classes).toHaveLength(256);
    expect(dfa.transitions).toHaveLength(dfa.states * dfa.nclasses);
    expect(dfa.accepting).toHaveLength(dfa.states);
    // Minimal: dead, start, after 'a', matched.
    expect(dfa.states).toBe(4);
    expect(dfa.nclasses).toBe(3);
    const afterX = dfa.transitions[dfa.start * dfa.nclasses + dfa.classes[0x78]!];
    expect(afterX).toBe(dfa.dead);
    for (let c = 0; c < dfa.nclasses; c++) expect(dfa.transitions[dfa.dead * dfa.nclasses + c]).toBe(dfa.dead);
  });

  it('rejects backreferences and malformed patterns with SCT_BAD_REGEX', () => {
    rejects('(a)\\1', 'SCT_BAD_REGEX', /backreference \\1 is not supported/);
    rejects('(ab', 'SCT_BAD_REGEX', /unmatched '\(' at offset 0/);
    rejects('ab)', 'SCT_BAD_REGEX', /unmatched '\)' at offset 2/);
    rejects('[ab', 'SCT_BAD_REGEX', /unmatched '\[' at offset 0/);
    rejects('*a', 'SCT_BAD_REGEX', /'\*' at offset 0 has nothing to repeat/);
    rejects('a{2', 'SCT_BAD_REGEX', /invalid interval at offset 1/);
    rejects('a{3,1}', 'SCT_BAD_REGEX', /maximum below minimum/);
    rejects('a{256}', 'SCT_BAD_REGEX', /repetition count above 255/);
    rejects('[[:word:]]', 'SCT_BAD_REGEX', /unknown character class '\[:word:\]'/);
    rejects('[z-a]', 'SCT_BAD_REGEX', /invalid range end/);
    rejects('\\d', 'SCT_BAD_REGEX', /unsupported escape \\d; use \[\[:digit:\]\]/);
    rejects('a\\', 'SCT_BAD_REGEX', /trailing backslash/);
  });

  it('refuses automata over maxStates with SCT_REGEX_TOO_BIG', () => {
    rejects('a[ab]{12}$', 'SCT_REGEX_TOO_BIG', /needs 8193 DFA states, more than the limit of 256/);
    expect(compileRegex('a[ab]{5}$', { maxStates: 100 }).states).toBe(65);
    expect(() => compileRegex('a[ab]{5}$', { maxStates: 64 })).toThrow(/needs 65 DFA states, more than the limit of 64/);
    rejects('((a{255}){255}){2}', 'SCT_REGEX_TOO_BIG', /more than 100000 states/);
  });

  it('refuses patterns whose automaton takes too long to build, naming the limit and the fix', () => {
    // each DFA state of `.*a.*b.*c...` holds most of the NFA: 2 kB of it needs 34 million steps
    const dotStars = Array.from({ length: 780 }, (_, i) => `.*${String.fromCharCode(97 + (i % 26))}`).join('') + '$';
    rejects(dotStars, 'SCT_REGEX_TOO_BIG', /building its automaton takes more than 4000000 steps; use fewer alternatives, `\.\*` and counted repeats, or split it into several conditions$/);
    const names = (p: string) => Array.from({ length: 400 }, (_, i) => i.toString(36).padStart(4, p)).join('|');
    expect(compileRegex(`(${names('q')})(${names('z')})$`).states).toBe(23); // 4 kB of alternatives: 2.6 million steps
  });

  it('validates maxStates', () => {
    expect(() => compileRegex('a', { maxStates: 1 })).toThrow(/`maxStates`.*got `1`/);
  });
});

describe('ereToJs', () => {
  it('keeps POSIX meaning: dot matches newline, backslash literal in brackets', () => {
    expect(ereToJs('^a.b$').test('a\nb')).toBe(true);
    expect(ereToJs('[\\n]').test('n')).toBe(true);
    expect(ereToJs('[\\n]').test('\n')).toBe(false);
  });
});
