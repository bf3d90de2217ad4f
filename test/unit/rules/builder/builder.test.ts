import { describe, expect, it } from 'vitest';
import { checkBuilt, fromConfigText, jsRegexToEre, parseDuration, rule, sym, toConfigText, toRule } from '../../../../harness/src/rules/builder/index.js';
import { NotRepresentableError, RuleSyntaxError, UsageError } from '../../../../harness/src/errors.js';
import type { Rule } from '../../../../harness/src/rules/model.js';
import { InvalidRuleError } from '../../../../harness/src/rules/as-rule.js';
import { checkRules } from '../../../../harness/src/rules/check/index.js';
import { printConfig } from '../../../../harness/src/rules/config/index.js';
import { compileRules } from '../../../../harness/src/engine/compile/index.js';
import { compileKmod } from '../../../../harness/src/kmod/compile.js';

const examples = () => [
  rule.before('openat').where({ path: /config\.json$/ }).fail('EACCES').nth(3),
  rule.after('openat').where('flags & O_CREAT && PID == 1').returns(0n),
  rule.before('write').where({ fd: 1 }).alter('count', 3),
  rule.after('read').alterReturn(0),
  rule.before('connect').where({ addr: { port: 8080 } }).delay('10ms').when('3..10+2').probability(0.5, 7).max(5).perThread().named('slow'),
  rule.before('kill').where({ COMM: ['a', 'b'], sig: sym('SIGTERM') }).kill('SIGKILL').perProcess(),
  rule.before('%file').log('x %sname').when('2+'),
  rule.before('@open', 'unlink').suspend('2s'),
  rule.before('write').where({ 'PARAMS[1]': 2, fd: { path: '/dev/null' } }).suspend(),
];
const withoutLoc = (rs: Rule[]) => rs.map(({ loc: _loc, ...r }) => r);

describe('rule builder', () => {
  it('builds the documented rules', () => {
    expect(toRule(examples()[0]!)).toEqual({
      syscalls: [{ kind: 'name', name: 'openat' }],
      phase: 'before',
      filter: { type: 'compare', op: '~=', left: { type: 'param', name: 'path' }, right: { type: 'string', value: 'config\\.json$' } },
      action: { type: 'FAIL', errno: 'EACCES' },
      trigger: { scope: 'tree', when: { first: 3, step: 0 } },
    });
    expect(toRule(examples()[2]!).action).toEqual({ type: 'ALTER', target: { kind: 'param', param: { type: 'param', name: 'count' } }, value: { type: 'number', value: 3n } });
    expect(toRule(examples()[4]!).trigger).toEqual({ scope: 'thread', when: { first: 3, last: 10, step: 2 }, probability: { p: 0.5, seed: 7 }, maxCount: 5 });
  });
  it('is immutable: deriving does not change the base', () => {
    const base = rule.before('read').fail('EIO');
    const derived = base.nth(2);
    expect(base.build().trigger).toEqual({ scope: 'tree' });
    expect(derived.build().trigger.when).toEqual({ first: 2, step: 0 });
    expect(Object.isFrozen(base.build())).toBe(true);
  });
  it('passes the semantic checks, and reports failures as RuleSyntaxError', () => {
    expect(checkBuilt(examples(), 'x86_64')).toHaveLength(examples().length);
    let err: unknown;
    try { checkBuilt([rule.before('opn').fail('EACCES'), rule.after('write').alter('count', 1)], 'x86_64'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(RuleSyntaxError);
    expect((err as RuleSyntaxError).diagnostics.map((d) => d.code)).toEqual(['SCT_UNKNOWN_SYSCALL', 'SCT_PHASE_ACTION']);
  });
  it('round-trips through the config language', () => {
    const built = examples().map(toRule);
    expect(withoutLoc(fromConfigText(toConfigText(examples())))).toEqual(built);
  });
  it('refuses to print callback rules, naming the rule', () => {
    const cb = rule.before('read').callback(() => undefined).named('spy');
    expect(toRule(cb).action).toEqual({ type: 'LOG' });
    expect(() => toConfigText([cb])).toThrow(NotRepresentableError);
    expect(() => toConfigText([cb])).toThrow(/rule 'spy' has a JS callback/);
  });
  it('validates arguments with messages naming the option and value', () => {
    expect(() => rule.before('read').delay('soon')).toThrow(UsageError);
    expect(() => rule.before('read').delay('soon')).toThrow("Expected `delay()` to be a duration such as '250us', '10ms', '2s' or a whole number of microseconds, got `soon` (string)");
    expect(() => rule.before('read').nth(0)).toThrow('Expected `nth` to be an integer >= 1, got `0`');
    expect(() => rule.before('read').probability(2)).toThrow('Expected `probability` to be in [0, 1], got `2`');
    expect(() => rule.before('read').when('x')).toThrow(UsageError);
    expect(() => rule.before('read').build()).toThrow(/Expected an action/);
    expect(() => rule.before('read').where({ fd: 1.5 }).fail('EIO')).toThrow('Expected where.fd to be a string, an integer, a bigint or sym(\'NAME\'), got `1.5` (number)');
    expect(() => rule.before('read').where('fd ==')).toThrow(RuleSyntaxError);
  });
  it('parses durations', () => {
    expect([parseDuration('250us', 'd'), parseDuration('10ms', 'd'), parseDuration('2s', 'd'), parseDuration(7, 'd')]).toEqual([250, 10_000, 2_000_000, 7]);
  });
});

describe('jsRegexToEre', () => {
  it.each([
    [/config\.json$/, 'config\\.json$'],
    [/\d+\.\w*/, '[[:digit:]]+\\.[[:alnum:]_]*'],
    [/[^\s/]x/, '[^[:space:]/]x'],
    [/a+?b/, 'a+b'],
    [/(?:ab)|c{2,3}/, '(ab)|c{2,3}'],
    [/x{/, 'x\\{'],
  ])('%s -> %s', (re, ere) => {
    expect(jsRegexToEre(re)).toBe(ere);
  });
  it.each([
    [/(?=a)/, 'lookaround'],
    [/(a)\1/, 'backreference \\1'],
    [/\bx/, 'word boundary \\b'],
    [/a/i, "flags 'i' are not supported"],
  ])('refuses %s', (re, why) => {
    expect(() => jsRegexToEre(re)).toThrow(NotRepresentableError);
    expect(() => jsRegexToEre(re)).toThrow(why);
  });
});

describe('builders where rules go', () => {
  const b = rule.before('openat').where({ path: '/etc/hostname' }).fail('EACCES');

  it('printConfig and checkRules take a RuleBuilder as they take its built rule', () => {
    expect(printConfig([b])).toBe(printConfig([b.build()]));
    const checked = checkRules([b]);
    expect(checked.diagnostics).toEqual([]);
    expect(checked.rules).toEqual(checkRules([b.build()]).rules);
  });

  it('compileRules and compileKmod take a RuleBuilder as they take its built rule', () => {
    const built = checkRules([b]).rules;
    expect(compileRules([b], { arch: 'x86_64' }).summary).toEqual(compileRules(built, { arch: 'x86_64' }).summary);
    expect(compileKmod([b]).rules).toEqual(compileKmod([b.build()]).rules);
  });

  it.each([
    ['null', null, 'got `null` (null)'],
    ['a string', 'openat', 'got `openat` (string)'],
    ['an object without syscalls', { syscall: 'openat', action: {} }, 'got an object with keys `syscall`, `action`'],
  ])('refuses %s with SCT_RULE_TYPE', (_what, x, got) => {
    expect(() => printConfig([x as never])).toThrow(InvalidRuleError);
    expect(() => checkRules([x as never])).toThrow(`Expected \`rules[0]\` to be a Rule or a RuleBuilder (rule.before('openat').fail('EACCES')), ${got}`);
  });
});
