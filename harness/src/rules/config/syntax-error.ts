// Turn a peggy SyntaxError into a Diagnostic whose message reads like peggy's
// ("Expected X but Y found.") but names the whole offending token, not one character.

import type { Diagnostic } from '../../errors.js';
import { PARSE_CODES } from './codes.js';
import type { Expectation, SyntaxError as PeggySyntaxError } from './grammar.js';
import { locationAt } from './locations.js';

const OPERATORS = ['==', '!=', '<=', '>=', '~=', '&&', '||', '..'];
const WORD = /[A-Za-z0-9_]+/y;
const STRING = /"(?:[^"\\\n]|\\.)*"?/y;

/** The token starting at `offset`, as the user would name it; '' at the end of the text. */
export function tokenAt(text: string, offset: number): string {
  if (offset >= text.length) return '';
  for (const pattern of [WORD, STRING]) {
    pattern.lastIndex = offset;
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  const pair = text.slice(offset, offset + 2);
  if (OPERATORS.includes(pair)) return pair;
  return String.fromCodePoint(text.codePointAt(offset) ?? 0);
}

/** Quote as peggy does: JSON-like escapes, control characters as \xHH. */
export function quote(s: string): string {
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\x00-\x1f\x7f-\x9f]/g, (ch) => '\\x' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return `"${escaped}"`;
}

function describe(e: Expectation): string {
  switch (e.type) {
    case 'literal':
      return quote(e.text);
    case 'class':
      return `[${e.inverted ? '^' : ''}${e.parts.map((p) => (Array.isArray(p) ? `${p[0]}-${p[1]}` : p)).join('')}]`;
    case 'any':
      return 'any character';
    case 'end':
      return 'end of input';
    case 'other':
      return e.description;
  }
}

/** "A", "A or B", "A, B, or C", sorted and without duplicates; character classes only as a last resort. */
export function describeExpected(expected: readonly Expectation[]): string {
  const named = expected.filter((e) => e.type !== 'class' && e.type !== 'any');
  const chosen = named.length > 0 ? named : expected;
  const descriptions = [...new Set(chosen.map(describe))].sort();
  if (descriptions.length <= 2) return descriptions.join(' or ');
  return `${descriptions.slice(0, -1).join(', ')}, or ${descriptions[descriptions.length - 1]}`;
}

export function syntaxDiagnostic(error: PeggySyntaxError, text: string, source: string): Diagnostic {
  const start = error.location.start.offset;
  if (!Array.isArray(error.expected)) {
    // A message from the grammar's own error() call: unterminated string, bad escape, nesting.
    const length = error.location.end.offset - start;
    const code = error.message.startsWith('Nesting deeper') ? PARSE_CODES.tooDeep : PARSE_CODES.syntax;
    return { severity: 'error', code, message: error.message, loc: locationAt(text, source, start, length) };
  }
  const token = tokenAt(text, start);
  const found = token === '' ? 'end of input' : quote(token);
  return {
    severity: 'error',
    code: PARSE_CODES.syntax,
    message: `Expected ${describeExpected(error.expected)} but ${found} found.`,
    loc: locationAt(text, source, start, token.length),
  };
}
