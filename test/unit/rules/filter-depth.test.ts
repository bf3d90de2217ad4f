// Filters deeper than the stages after the parser can walk: each stage refuses them with
// SCT_FILTER_TOO_DEEP and none throws RangeError (a 20,000-term && chain crashed `sct config check`).
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../harness/src/engine/compile/index.js';
import { checkRules } from '../../../harness/src/rules/check/index.js';
import { parseConfig, printExpr } from '../../../harness/src/rules/config/index.js';
import { FilterTooDeepError, MAX_FILTER_DEPTH } from '../../../harness/src/rules/filter-depth.js';
import type { Expr } from '../../../harness/src/rules/model.js';
import { cmp, FAIL, n, p, rule, str } from '../engine/compile/helpers.js';

const term = (i: number): Expr => cmp('==', p('flags'), n(i));
/** `flags == 0 && flags == 1 && ...`, left-deep as the parser builds it: `terms - 1` levels. */
const chain = (terms: number, type: 'and' | 'or' = 'and', t = term): Expr =>
  Array.from({ length: terms - 1 }, (_, i) => t(i + 1)).reduce<Expr>((left, right) => ({ type, left, right }), t(0));
// a tier-2 term (user memory): the filter program, not BPF, whose jumps reach 255 instructions
const pathTerm = (i: number): Expr => cmp('==', p('path'), str(`/tmp/${i}`));
const nots = (levels: number): Expr => Array.from({ length: levels }).reduce<Expr>((expr) => ({ type: 'not', expr }), term(0));
const fileWith = (filter: string) => `rule { syscall_name = openat; filter_expression { ${filter} }; action { type = FAIL; error = EACCES } }\n`;

describe('filter depth', () => {
  it('parser: a 20,000-term chain parses (the grammar folds chains in a loop); 100,000 nested parentheses are SCT_PARSE_TOO_DEEP at the place', () => {
    const long = parseConfig(fileWith(Array.from({ length: 20_000 }, (_, i) => `flags == ${i}`).join(' || ')), 'long.sct');
    expect([long.rules.length, long.diagnostics]).toEqual([1, []]);
    const nested = parseConfig(fileWith(`${'('.repeat(100_000)}flags == 1${')'.repeat(100_000)}`), 'nested.sct');
    expect(nested.diagnostics.map((d) => [d.code, d.loc?.line, d.loc?.column])).toEqual([['SCT_PARSE_TOO_DEEP', 1, 252]]);
  });

  it('checks: the limit itself passes; one level more is SCT_FILTER_TOO_DEEP at the first term too deep', () => {
    expect(checkRules([rule('openat', FAIL(), { filter: chain(MAX_FILTER_DEPTH + 1) })], { arch: 'x86_64' }).diagnostics).toEqual([]);
    const deep = chain(MAX_FILTER_DEPTH + 2, 'or');
    const locations = new WeakMap([[term0(deep), { source: 'x.sct', line: 3, column: 7, offset: 40, length: 10 }]]);
    const { diagnostics } = checkRules([rule('openat', FAIL(), { filter: deep })], { arch: 'x86_64', locations });
    expect(diagnostics.map((d) => [d.code, d.loc?.line, d.loc?.column])).toEqual([['SCT_FILTER_TOO_DEEP', 3, 7]]);
    expect(checkRules([rule('openat', FAIL(), { filter: nots(50_000) })], { arch: 'x86_64' }).diagnostics.map((d) => d.code)).toEqual(['SCT_FILTER_TOO_DEEP']);
  });

  it('printer: prints the limit, refuses deeper with FilterTooDeepError', () => {
    expect(printExpr(chain(MAX_FILTER_DEPTH + 1))).toMatch(/^flags == 0 && .* && flags == 1000$/);
    expect(() => printExpr(chain(20_000))).toThrow(FilterTooDeepError);
    expect(() => printExpr(nots(50_000))).toThrow(expect.objectContaining({ code: 'SCT_FILTER_TOO_DEEP' }));
  });

  it('compiler: the limit gets as far as the program size checks (SCT_COMPILE); deeper is refused naming the rule', () => {
    // a filter program holds 1024 instructions, a BPF jump reaches 255: no overflow, a coded error
    for (const filter of [chain(MAX_FILTER_DEPTH + 1, 'or', pathTerm), chain(MAX_FILTER_DEPTH + 1)]) {
      expect(() => compileRules([rule('openat', FAIL(), { filter })], { arch: 'x86_64' })).toThrow(expect.objectContaining({ code: 'SCT_COMPILE' }));
    }
    expect(() => compileRules([rule('openat', FAIL(), { name: 'big', filter: chain(20_000) })], { arch: 'x86_64' })).toThrow(/^rule 'big': the filter nests more than 1000 levels/);
  });
});

function term0(e: Expr): Expr {
  return e.type === 'and' || e.type === 'or' ? term0(e.left) : e;
}
