import { describe, expect, it } from 'vitest';
import { formatDiagnostic, formatDiagnostics, parseConfig, parseFilterExpression } from '../../../../harness/src/rules/config/index.js';

const BROKEN = `# three broken rules and a good one
rule {
  syscall_name { unlink
  action { type = LOG }
}

rule {
  syscall_name = open
  action { type = FAIL; error = 13 }
}

rule {
  syscall_name = read
  filter_expression { PARAMS[1] == "x" && }
  action { type = LOG }
}

rule {
  syscall_name = write
  action { type = KILL }
}
`;

describe('syntax errors', () => {
  const { rules, diagnostics } = parseConfig(BROKEN, 'rules.sct');

  it('reports every broken rule of a file in one run, and keeps the good one', () => {
    expect(diagnostics.map((d) => `${d.loc?.line}:${d.loc?.column} ${d.code} ${d.message}`)).toEqual([
      '3:16 SCT_PARSE_SYNTAX Expected "=" but "{" found.',
      '9:33 SCT_PARSE_SYNTAX Expected errno name (e.g. EACCES) but "13" found.',
      '14:43 SCT_PARSE_SYNTAX Expected "!", "(", integer, parameter name, string, or symbol but "}" found.',
    ]);
    expect(rules.map((r) => r.syscalls)).toEqual([[{ kind: 'name', name: 'write' }]]);
  });

  it('formats a diagnostic like rustc and peggy, with carets under the whole token', () => {
    expect(formatDiagnostic(diagnostics[0]!, BROKEN)).toBe(
      ['error[SCT_PARSE_SYNTAX]: Expected "=" but "{" found.', ' --> rules.sct:3:16', '  |', '3 |   syscall_name { unlink', '  |                ^'].join('\n'),
    );
    expect(formatDiagnostic(diagnostics[1]!, BROKEN)).toBe(
      [
        'error[SCT_PARSE_SYNTAX]: Expected errno name (e.g. EACCES) but "13" found.',
        ' --> rules.sct:9:33',
        '  |',
        '9 |   action { type = FAIL; error = 13 }',
        '  |                                 ^^',
      ].join('\n'),
    );
  });

  it('widens the gutter for two-digit lines and joins several diagnostics with a blank line', () => {
    expect(formatDiagnostics(diagnostics.slice(1), BROKEN).split('\n\n')[1]).toBe(
      [
        'error[SCT_PARSE_SYNTAX]: Expected "!", "(", integer, parameter name, string, or symbol but "}" found.',
        ' --> rules.sct:14:43',
        '   |',
        '14 |   filter_expression { PARAMS[1] == "x" && }',
        '   |                                           ^',
      ].join('\n'),
    );
  });

  it('keeps tabs in the caret line and prints a diagnostic without location as its header', () => {
    const text = 'rule {\n\tsyscall_name = a b\n}';
    const [d] = parseConfig(text, 't.sct').diagnostics;
    expect(formatDiagnostic(d!, text)).toBe(
      ['error[SCT_PARSE_SYNTAX]: Expected "," or end of entry but "b" found.', ' --> t.sct:2:19', '  |', '2 | \tsyscall_name = a b', '  | \t                 ^'].join('\n'),
    );
    expect(formatDiagnostic({ severity: 'warning', code: 'SCT_LIBC_AVOIDS', message: 'm.' }, '')).toBe('warning[SCT_LIBC_AVOIDS]: m.');
  });

  it.each([
    ['rule { syscall_name = a; action { type = LOG }; ', 'Expected "}" or key but end of input found.', 1, 49],
    ['rule { syscall_name = a; action { type = LOG } ', 'Expected end of entry but end of input found.', 1, 48],
    ['rule { syscall_name = a\naction { type = LOGS } }', 'Expected action type (LOG, FAIL, RETURN, DELAY, SUSPEND, KILL or ALTER) but "LOGS" found.', 2, 17],
    ['rule { when = during }', 'Expected before or after but "during" found.', 1, 15],
    ['rule { syscall_name = a; filter_expression { path == "abc } }', 'Unterminated string: expected \'"\' before the end of the line.', 1, 54],
    ['rules { }', 'Expected "rule" or end of input but "rules" found.', 1, 1],
    ['rule { syscall_name = a; filter_expression { COMM ~= 3 } }', 'Expected string but "3" found.', 1, 54],
    ['rule { syscall_name = a; action { type = DELAY; duration = 10 ms } }', 'Expected end of entry but "ms" found.', 1, 63],
  ])('%j: %s', (text, message, line, column) => {
    const { diagnostics } = parseConfig(text, 'e.sct');
    expect(diagnostics.map((d) => [d.code, d.message, d.loc?.line, d.loc?.column])).toEqual([['SCT_PARSE_SYNTAX', message, line, column]]);
  });

  it('resynchronises at a rule keyword when a closing brace is missing', () => {
    const text = 'rule {\n  syscall_name = a\n  action { type = LOG }\n\nrule {\n  syscall_name = b\n  action { type = LOG }\n}\n';
    const result = parseConfig(text, 'm.sct');
    expect(result.diagnostics.map((d) => [d.message, d.loc?.line])).toEqual([['Expected "}" but "rule" found.', 5]]);
    expect(result.rules.map((r) => r.syscalls[0]?.name)).toEqual(['b']);
  });
});

describe('parseFilterExpression', () => {
  it('parses an expression on its own, with locations', () => {
    const { expr, diagnostics, locations } = parseFilterExpression('PID = 1 || !(flags & O_CREAT|O_EXCL)');
    expect(diagnostics).toEqual([]);
    expect(expr).toEqual({
      type: 'or',
      left: { type: 'compare', op: '==', left: { type: 'var', name: 'PID' }, right: { type: 'number', value: 1n } },
      right: {
        type: 'not',
        expr: { type: 'flagtest', left: { type: 'param', name: 'flags' }, mask: [{ type: 'symbol', name: 'O_CREAT' }, { type: 'symbol', name: 'O_EXCL' }] },
      },
    });
    expect(locations.get(expr!)).toMatchObject({ source: '<filter>', offset: 0, length: 36 });
  });

  it('reports a syntax error and no expression', () => {
    const result = parseFilterExpression('PID ==', 'cli');
    expect(result.expr).toBeUndefined();
    expect(result.diagnostics.map((d) => d.message)).toEqual(['Expected integer, parameter name, string, or symbol but end of input found.']);
  });
});
