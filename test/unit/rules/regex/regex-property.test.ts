import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegex, dfaMatchString, RegexError } from '../../../../harness/src/rules/regex/index.js';

// Each generated regex carries its ERE text and an independently written JS equivalent (the
// oracle), so a bug in the ERE parser cannot hide behind the same bug in a translator.
interface Pair { ere: string; js: string }

const alphabet = ['a', 'b', 'c', '.'];
const jsChar = (c: string): string => (c === '.' ? '\\.' : c);
const ereChar = (c: string): string => (c === '.' ? '\\.' : c);

const leaf: fc.Arbitrary<Pair> = fc.oneof(
  fc.constantFrom(...alphabet).map((c) => ({ ere: ereChar(c), js: jsChar(c) })),
  fc.constant({ ere: '.', js: '[^]' }),
  fc.constant({ ere: '^', js: '^' }),
  fc.constant({ ere: '$', js: '$' }),
  fc.record({
    negate: fc.boolean(),
    items: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'a-b', '[:alpha:]', '.'), { minLength: 1, maxLength: 3 }),
  }).map(({ negate, items }) => {
    // Inside brackets a '.' is literal in both dialects; [:alpha:] is ASCII letters in the C locale.
    const js = items.map((i) => (i === '[:alpha:]' ? 'a-zA-Z' : i === '.' ? '\\.' : i)).join('');
    return { ere: `[${negate ? '^' : ''}${items.join('')}]`, js: `[${negate ? '^' : ''}${js}]` };
  }),
);

const quantifier = fc.oneof(
  fc.constantFrom('*', '+', '?'),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.boolean()).map(([m, extra, open]) =>
    open ? `{${m},}` : `{${m},${m + extra}}`,
  ),
);

const { regex } = fc.letrec<{ regex: Pair; atom: Pair }>((tie) => ({
  atom: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('regex').map((r) => ({ ere: `(${r.ere})`, js: `(?:${r.js})` })),
    fc.tuple(tie('atom'), quantifier).map(([a, q]) => ({ ere: `(${a.ere})${q}`, js: `(?:${a.js})${q}` })),
  ),
  regex: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('atom'),
    fc.array(tie('atom'), { minLength: 2, maxLength: 4 }).map((xs) => ({ ere: xs.map((x) => x.ere).join(''), js: xs.map((x) => x.js).join('') })),
    fc.tuple(tie('atom'), tie('atom')).map(([l, r]) => ({ ere: `${l.ere}|${r.ere}`, js: `(?:${l.js}|${r.js})` })),
  ),
}));

const input = fc.array(fc.constantFrom('a', 'b', 'c', '.', 'Z', '\n'), { maxLength: 10 }).map((cs) => cs.join(''));

describe('compileRegex agrees with JS RegExp', () => {
  it('on random small regexes and strings (search semantics, anchors, brackets, bounds)', () => {
    let compiled = 0;
    fc.assert(
      fc.property(regex, fc.array(input, { minLength: 1, maxLength: 8 }), (r, strings) => {
        let dfa;
        try {
          dfa = compileRegex(r.ere, { maxStates: 2048 });
        } catch (e) {
          // Only a size blow-up may be refused; every generated pattern is valid.
          expect(e).toBeInstanceOf(RegexError);
          expect((e as RegexError).code).toBe('SCT_REGEX_TOO_BIG');
          return;
        }
        compiled++;
        const oracle = new RegExp(r.js);
        for (const s of strings) {
          expect(dfaMatchString(dfa, s), `/${r.ere}/ on ${JSON.stringify(s)} (js /${r.js}/)`).toBe(oracle.test(s));
        }
      }),
      { numRuns: 1500 },
    );
    expect(compiled).toBeGreaterThan(1000);
  });
});
