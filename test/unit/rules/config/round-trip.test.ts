import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig, printConfig } from '../../../../harness/src/rules/config/index.js';
import { ruleArb } from '../arbitraries.js';
import { validFixtures, withoutLoc } from './helpers.js';

describe('printConfig then parseConfig', () => {
  it('gives back any rules the language can express', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 3 }), (rules) => {
        const text = printConfig(rules);
        const parsed = parseConfig(text, 'printed.sct');
        expect(parsed.diagnostics).toEqual([]);
        expect(withoutLoc(parsed.rules)).toEqual(rules);
      }),
      { numRuns: 600 },
    );
  });

  it.each(validFixtures())('is a fixed point on the normal form of $name', ({ text }) => {
    const once = printConfig(parseConfig(text, 'in.sct').rules);
    expect(printConfig(parseConfig(once, 'once.sct').rules)).toBe(once);
  });
});
