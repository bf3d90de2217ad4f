// Shared by the config-language tests: fixtures and a loc-free view of rules.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../../../../harness/src/rules/model.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/config/', import.meta.url));

export function fixture(path: string): string {
  return readFileSync(FIXTURES + path, 'utf8');
}

export function validFixtures(): { name: string; text: string }[] {
  return readdirSync(FIXTURES + 'valid')
    .filter((f) => f.endsWith('.sct'))
    .map((name) => ({ name, text: fixture(`valid/${name}`) }));
}

/** Rules without `loc`, which is not part of equality. */
export function withoutLoc(rules: readonly Rule[]): Rule[] {
  return rules.map(({ loc: _loc, ...rest }) => rest);
}
