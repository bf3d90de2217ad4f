import { describe, expect, it } from 'vitest';
import { parseConfig, printConfig } from '../../../../harness/src/rules/config/index.js';
import type { Expr, Rule } from '../../../../harness/src/rules/model.js';
import { fixture, withoutLoc } from './helpers.js';

describe('parseConfig on the original example', () => {
  it('gives the rule the original syscalltrack meant', () => {
    const { rules, diagnostics } = parseConfig(fixture('valid/original-example.sct'), 'example.sct');
    expect(diagnostics).toEqual([]);
    expect(withoutLoc(rules)).toEqual([
      {
        name: 'passwd_unlink_rule',
        syscalls: [{ kind: 'name', name: 'unlink' }],
        phase: 'before',
        filter: { type: 'compare', op: '==', left: { type: 'param', index: 1 }, right: { type: 'string', value: 'passwd' } },
        action: { type: 'LOG', format: 'syscall: %pid[%comm].%sid_%sname(%params) (rule %ruleid)' },
        trigger: { scope: 'tree' },
      },
    ]);
    expect(rules[0]?.loc).toEqual({ source: 'example.sct', line: 2, column: 1, offset: 29, length: 4 });
  });
});

describe('parseConfig on one-line entries', () => {
  it('reads entries separated by whitespace only as the same rules as their normal form', () => {
    const oneLine = parseConfig(fixture('valid/one-line-entries.sct'), 'one-line.sct');
    expect(oneLine.diagnostics).toEqual([]);
    const printed = printConfig(oneLine.rules);
    expect(printed).toContain('  action {\n    type = FAIL\n    error = EACCES\n  }\n');
    expect(withoutLoc(parseConfig(printed, 'printed.sct').rules)).toEqual(withoutLoc(oneLine.rules));
    expect(withoutLoc(oneLine.rules)[0]).toMatchObject({
      name: 'deny',
      action: { type: 'FAIL', errno: 'EACCES' },
      trigger: { when: { first: 2, step: 0 }, scope: 'process' },
    });
  });
});

describe('parseConfig on every construct', () => {
  const { rules, diagnostics, locations } = parseConfig(fixture('valid/every-construct.sct'), 'every.sct');
  const rule = (i: number): Rule => rules[i]!;

  it('parses with no diagnostics, one rule per block', () => {
    expect(diagnostics).toEqual([]);
    expect(rules).toHaveLength(15);
  });

  it('reads syscall lists, families and classes, string rule names and the phase', () => {
    expect(rule(0).syscalls).toEqual([
      { kind: 'name', name: 'stat' },
      { kind: 'name', name: 'lstat' },
    ]);
    expect(rule(13).syscalls).toEqual([
      { kind: 'family', name: 'open' },
      { kind: 'family', name: 'unlink' },
    ]);
    expect(rule(14).syscalls).toEqual([
      { kind: 'class', name: 'net' },
      { kind: 'class', name: '%stat' },
    ]);
    expect(rule(0).name).toBe('log everything');
    expect(rule(0).phase).toBe('after');
    expect(rule(1).phase).toBe('before');
  });

  it('reads every comparison, every process variable, escapes, hex and negative numbers', () => {
    const compares: Expr[] = [];
    const walk = (e: Expr): void => {
      if (e.type === 'and' || e.type === 'or') (walk(e.left), walk(e.right));
      else if (e.type === 'not') walk(e.expr);
      else compares.push(e);
    };
    walk(rule(0).filter!);
    expect(compares).toEqual([
      { type: 'compare', op: '==', left: { type: 'param', index: 1 }, right: { type: 'string', value: 'a"b\\c\n\tA' } },
      { type: 'compare', op: '==', left: { type: 'param', name: 'path' }, right: { type: 'string', value: '/etc/passwd' } },
      { type: 'compare', op: '!=', left: { type: 'var', name: 'PID' }, right: { type: 'number', value: 1n } },
      { type: 'compare', op: '<', left: { type: 'var', name: 'PPID' }, right: { type: 'number', value: 2n } },
      { type: 'compare', op: '<=', left: { type: 'var', name: 'TID' }, right: { type: 'number', value: 16n } },
      { type: 'compare', op: '>', left: { type: 'var', name: 'UID' }, right: { type: 'number', value: -1n } },
      { type: 'compare', op: '>=', left: { type: 'var', name: 'EUID' }, right: { type: 'number', value: 0n } },
      { type: 'compare', op: '==', left: { type: 'var', name: 'GID' }, right: { type: 'number', value: 0n } },
      { type: 'compare', op: '~=', left: { type: 'var', name: 'COMM' }, right: { type: 'string', value: '^ba(sh|t)$' } },
      {
        type: 'in',
        left: { type: 'var', name: 'EXE' },
        values: ['boo', 'bee', 'bah'].map((value) => ({ type: 'string', value })),
      },
      { type: 'compare', op: '!=', left: { type: 'var', name: 'CWD' }, right: { type: 'string', value: '/' } },
    ]);
    // (a || b) && c && ...: the parentheses group, && associates to the left.
    const top = rule(0).filter!;
    expect(top.type).toBe('and');
  });

  it('reads flag tests, single and multi, with ! and precedence of && over ||', () => {
    const sym = (name: string) => ({ type: 'symbol', name });
    const flags = { type: 'param', name: 'flags' };
    expect(rule(1).filter).toEqual({
      type: 'or',
      left: {
        type: 'and',
        left: { type: 'flagtest', left: flags, mask: [sym('O_CREAT')] },
        right: { type: 'not', expr: { type: 'flagtest', left: flags, mask: [sym('O_EXCL'), sym('O_TRUNC')] } },
      },
      right: { type: 'flagtest', left: flags, mask: [sym('O_APPEND'), sym('O_SYNC')] },
    });
  });

  it('keeps struct fields and fd.path as fields for the semantic pass', () => {
    const f = rule(2).filter!;
    expect(f).toMatchObject({
      left: { left: { left: { type: 'param', name: 'addr', field: ['port'] } }, right: { right: { type: 'symbol', name: 'AF_INET' } } },
      right: { left: { type: 'param', index: 2, field: ['port'] } },
    });
    expect(rule(3).filter).toEqual({
      type: 'and',
      left: { type: 'compare', op: '==', left: { type: 'param', name: 'fd', field: ['path'] }, right: { type: 'string', value: '/dev/zero' } },
      right: { type: 'not', expr: { type: 'not', expr: { type: 'compare', op: '>', left: { type: 'param', name: 'count' }, right: { type: 'number', value: 0n } } } },
    });
  });

  it('builds every action type with defaults', () => {
    expect(rules.map((r) => r.action)).toEqual([
      { type: 'LOG', format: 'pid %pid {braces} and a \\ backslash' },
      { type: 'FAIL', errno: 'EACCES' },
      { type: 'RETURN', value: -1n },
      { type: 'DELAY', us: 10_000 },
      { type: 'SUSPEND', us: 2_000_000 },
      { type: 'SUSPEND' },
      { type: 'KILL', signal: 'SIGTERM' },
      { type: 'KILL', signal: 'SIGKILL' },
      { type: 'ALTER', target: { kind: 'param', param: { type: 'param', index: 3 } }, value: { type: 'number', value: 0x1ffn } },
      { type: 'ALTER', target: { kind: 'param', param: { type: 'param', name: 'path' } }, value: { type: 'string', value: '/tmp/elsewhere' } },
      { type: 'ALTER', target: { kind: 'param', param: { type: 'param', name: 'addr', field: ['port'] } }, value: { type: 'number', value: 8080n } },
      { type: 'ALTER', target: { kind: 'retval' }, value: { type: 'symbol', name: 'EPERM' } },
      { type: 'DELAY', us: 250 },
      { type: 'FAIL', errno: 'ENOENT' },
      { type: 'LOG' },
    ]);
  });

  it('reads every trigger form', () => {
    expect(rules.map((r) => r.trigger)).toEqual([
      { when: { first: 3, step: 0 }, scope: 'tree' },
      { when: { first: 3, last: 10, step: 2 }, probability: { p: 0.25, seed: 42 }, maxCount: 5, scope: 'process' },
      { when: { first: 3, last: 10 }, probability: { p: 0.5, seed: 0 }, scope: 'tree' },
      { when: { first: 3 }, scope: 'thread' },
      { when: { first: 3, step: 2 }, scope: 'tree' },
      { scope: 'tree' },
      { when: { first: 3 }, scope: 'tree' },
      ...Array.from({ length: 8 }, () => ({ scope: 'tree' })),
    ]);
  });

  it('locates rules, selectors, expressions, operands, actions and triggers at their tokens', () => {
    const text = fixture('valid/every-construct.sct');
    const at = (node: object) => {
      const loc = locations.get(node);
      return loc && text.slice(loc.offset, loc.offset + loc.length);
    };
    const r = rule(1);
    expect(at(r)).toBe('rule');
    expect(r.syscalls.map(at)).toEqual(['openat']);
    expect(at(r.action)).toBe('action');
    expect(at(r.trigger)).toBe('trigger');
    const f = r.filter as Extract<Expr, { type: 'or' }>;
    expect(at(f)).toBe('flags & O_CREAT && !(flags & (O_EXCL|O_TRUNC)) || flags & O_APPEND|O_SYNC');
    expect(at(f.left)).toBe('flags & O_CREAT && !(flags & (O_EXCL|O_TRUNC))');
    const flagtest = f.right as Extract<Expr, { type: 'flagtest' }>;
    expect(at(flagtest.left)).toBe('flags');
    expect(flagtest.mask.map(at)).toEqual(['O_APPEND', 'O_SYNC']);
    expect(rule(0).syscalls.map(at)).toEqual(['stat', 'lstat']);
    expect(rule(14).syscalls.map(at)).toEqual(['%net', '%%stat']);
    const alter = rule(10).action as Extract<Rule['action'], { type: 'ALTER' }>;
    expect(at(alter.value)).toBe('8080');
    expect(at(alter.target)).toBe('addr.port');
    expect(locations.get(rule(1))?.line).toBe(21);
  });
});

describe('parseConfig key errors', () => {
  const diagnose = (text: string) =>
    parseConfig(text, 'k.sct').diagnostics.map((d) => `${d.loc?.line}:${d.loc?.column} ${d.code} ${d.message}`);

  it('reports unknown, duplicate and missing keys, and keys the action type does not take', () => {
    const text = [
      'rule {',
      '  syscal_name = open',
      '  frobnicate { a { b } "}" }',
      '  when = before; when = after',
      '  action { type = LOG; error = EACCES; log_format {x}; log_format {y} }',
      '}',
      'rule { action { duration = 1s } }',
      'rule { syscall_name = a; action { type = ALTER; value = 1 }; trigger { seed = 1; colour = red } }',
    ].join('\n');
    expect(diagnose(text)).toEqual([
      '1:1 SCT_PARSE_MISSING_KEY Missing key `syscall_name` in rule block.',
      '2:3 SCT_PARSE_UNKNOWN_KEY Unknown key `syscal_name` in rule block; did you mean `syscall_name`?',
      '3:3 SCT_PARSE_UNKNOWN_KEY Unknown key `frobnicate` in rule block; expected one of syscall_name, rule_name, when, filter_expression, action, trigger.',
      '4:18 SCT_PARSE_DUPLICATE_KEY Duplicate key `when` in rule block; first given at line 4, column 3.',
      '5:24 SCT_PARSE_UNKNOWN_KEY Key `error` does not belong to a LOG action; LOG takes log_format.',
      '5:56 SCT_PARSE_DUPLICATE_KEY Duplicate key `log_format` in action block; first given at line 5, column 40.',
      '7:1 SCT_PARSE_MISSING_KEY Missing key `syscall_name` in rule block.',
      '7:8 SCT_PARSE_MISSING_KEY Missing key `type` in action block.',
      '8:26 SCT_PARSE_MISSING_KEY Missing key `target` in ALTER action.',
      '8:72 SCT_PARSE_MISSING_KEY Missing key `probability` in trigger block: `seed` only applies with `probability`.',
      '8:82 SCT_PARSE_UNKNOWN_KEY Unknown key `colour` in trigger block; expected one of when, probability, seed, max, count.',
    ]);
  });

  it('reports values out of range and of the wrong kind', () => {
    const text = [
      'rule { syscall_name = a; filter_expression { PARAMS[7] == 1 }; action { type = RETURN; value = EPERM } }',
      'rule { syscall_name = a; action { type = LOG }; trigger { when = 0; probability = 1.5; max = 0; seed = 4294967296 } }',
    ].join('\n');
    expect(diagnose(text)).toEqual([
      '1:46 SCT_PARSE_BAD_VALUE Expected a parameter index from 1 to 6 but 7 found.',
      '1:96 SCT_PARSE_BAD_VALUE Expected an integer for `value` of a RETURN action but symbol EPERM found.',
      '2:66 SCT_PARSE_BAD_VALUE Expected an occurrence number of 1 or more but 0 found.',
      '2:83 SCT_PARSE_BAD_VALUE Expected a probability from 0 to 1 (or 0% to 100%) but 1.5 found.',
      '2:94 SCT_PARSE_BAD_VALUE Expected a positive count but 0 found.',
      '2:104 SCT_PARSE_BAD_VALUE Expected a seed from 0 to 4294967295 but 4294967296 found.',
    ]);
  });

  it('keeps the valid rules of a file that has errors', () => {
    const text = 'rule { syscall_name = a; action { type = KILL } }\nrule { action { type = KILL } }\nrule { syscall_name = b; action { type = LOG } }\n';
    const { rules, diagnostics } = parseConfig(text, 'k.sct');
    expect(diagnostics).toHaveLength(1);
    expect(rules.map((r) => r.syscalls[0])).toEqual([{ kind: 'name', name: 'a' }, { kind: 'name', name: 'b' }]);
  });
});
