// The TS mirror of include/sct/prog.h must match the header value for value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../harness/src/paths.js';
import { HEADER_DEFINES, HEADER_ENUMS } from '../../../harness/src/filter/prog-format.js';

const header = readFileSync(join(packageRoot(), 'include/sct/prog.h'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** enum name -> [member, value][] with C's implicit numbering. */
function parseEnums(text: string): Map<string, Array<[string, number]>> {
  const out = new Map<string, Array<[string, number]>>();
  for (const m of text.matchAll(/enum\s+(\w+)\s*\{([^}]*)\}/g)) {
    let next = 0;
    const members: Array<[string, number]> = [];
    for (const part of m[2]!.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [name, value] = part.split('=').map((s) => s.trim());
      const v = value === undefined ? next : Number(value);
      members.push([name!, v]);
      next = v + 1;
    }
    out.set(m[1]!, members);
  }
  return out;
}

describe('prog-format mirrors include/sct/prog.h', () => {
  const enums = parseEnums(header);

  it.each(Object.entries(HEADER_ENUMS))('enum %s has the same members and values', (name, { prefix, values }) => {
    const members = enums.get(name);
    expect(members, `enum ${name} in include/sct/prog.h`).toBeDefined();
    const fromHeader = Object.fromEntries(members!.map(([n, v]) => [n.slice(prefix.length), v]));
    expect(values).toEqual(fromHeader);
  });

  it('knows every enum of the header', () => {
    expect([...enums.keys()].sort()).toEqual(Object.keys(HEADER_ENUMS).sort());
  });

  it.each(Object.entries(HEADER_DEFINES))('#define %s matches', (name, value) => {
    const m = header.match(new RegExp(`#define\\s+${name}\\s+(0x[0-9a-fA-F]+|\\d+)u?`));
    expect(m, `#define ${name}`).not.toBeNull();
    expect(Number(m![1])).toBe(value);
  });
});
