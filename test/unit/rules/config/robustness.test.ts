import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDiagnostics, parseConfig } from '../../../../harness/src/rules/config/index.js';
import { positionAt } from '../../../../harness/src/rules/config/locations.js';
import { validFixtures } from './helpers.js';

/** A hang guard, not a benchmark. */
const MAX_PARSE_MS = 5000;

function checkParse(text: string): void {
  const started = performance.now();
  const { diagnostics } = parseConfig(text, 'fuzz.sct');
  expect(performance.now() - started).toBeLessThan(MAX_PARSE_MS);
  for (const d of diagnostics) {
    expect(d.severity).toBe('error');
    expect(d.code).toMatch(/^SCT_PARSE_[A-Z_]+$/);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.loc).toBeDefined();
    const loc = d.loc!;
    expect(loc.source).toBe('fuzz.sct');
    expect(loc.length).toBeGreaterThanOrEqual(1);
    expect(loc.offset).toBeGreaterThanOrEqual(0);
    // A caret at the end of the input sits one past the last character.
    expect(loc.offset + loc.length).toBeLessThanOrEqual(Math.max(text.length, loc.offset + 1));
    expect(positionAt(text, loc.offset)).toEqual({ line: loc.line, column: loc.column });
  }
  expect(typeof formatDiagnostics(diagnostics, text)).toBe('string');
}

const TOKENS = [
  '{', '}', '(', ')', '[', ']', '"', '\\', '=', '==', '~=', '&', '&&', '||', '|', '!', ',', ';', '\n', '#', '//',
  '..', '+', '%', '@', '-', '0x', '1', 'rule', 'rule {', 'action', 'type = LOG', 'trigger {', 'when', 'PARAMS[',
  'filter_expression {', 'log_format {', 'syscall_name =', 'in (', 'EACCES', 'PID', 'path.',
];

type Mutation = { kind: 'delete' | 'insert' | 'replace'; at: number; size: number; token: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete' as const, 'insert' as const, 'replace' as const),
  at: fc.nat(),
  size: fc.integer({ min: 1, max: 8 }),
  token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 3 })),
});

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.size);
    else if (m.kind === 'insert') out = out.slice(0, at) + m.token + out.slice(at);
    else out = out.slice(0, at) + m.token + out.slice(at + m.token.length);
  }
  return out;
}

describe('parseConfig on hostile input', () => {
  it('never throws or hangs on random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkParse), { numRuns: 300 });
  });

  it('never throws or hangs on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => checkParse(Buffer.from(bytes).toString('latin1'))),
      { numRuns: 300 },
    );
  });

  it('never throws or hangs on random strings made of the language tokens', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join(' ')), checkParse), {
      numRuns: 300,
    });
  });

  it.each(validFixtures())('never throws or hangs on mutations of $name', ({ text }) => {
    fc.assert(fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (ms) => checkParse(mutate(text, ms))), {
      numRuns: 300,
    });
  });

  it.each([
    ['parentheses', (n: number) => `rule { syscall_name = a\n filter_expression { ${'('.repeat(n)}PID == 1${')'.repeat(n)} } action { type = LOG } }`],
    ['negations', (n: number) => `rule { syscall_name = a\n filter_expression { ${'!'.repeat(n)}PID == 1 } action { type = LOG } }`],
    ['unknown blocks', (n: number) => `rule { syscall_name = a\n junk ${'{'.repeat(n)}${'}'.repeat(n)} }`],
  ])('reports nesting of %s beyond 200 levels instead of overflowing the stack', (_, make) => {
    expect(parseConfig(make(200), 'deep.sct').diagnostics.filter((d) => d.code === 'SCT_PARSE_TOO_DEEP')).toEqual([]);
    const text = make(100_000);
    checkParse(text);
    const { diagnostics } = parseConfig(text, 'deep.sct');
    expect(diagnostics.map((d) => [d.code, d.message, d.loc?.line])).toEqual([['SCT_PARSE_TOO_DEEP', 'Nesting deeper than 200 levels.', 2]]);
  });
});
