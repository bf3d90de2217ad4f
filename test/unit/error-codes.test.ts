// The one list of SCT_* codes (harness/src/error-codes.ts) against docs/errors.md and against the
// sources: every code a user can see is listed and explained, and nothing is listed that no source
// gives any more.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from '../../harness/src/error-codes.js';
import { packageRoot } from '../../harness/src/paths.js';

const ROOT = packageRoot();
const listed = Object.keys(ERROR_CODES).sort();

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, ext);
    return ext.test(name) ? [path] : [];
  });
}

/** The SCT_* strings in quotes in the harness's TypeScript and the addons' C++, with where. */
function literalsInSources(): Map<string, string[]> {
  const sources = [...files(join(ROOT, 'harness/src'), /\.ts$/), ...files(join(ROOT, 'native/src'), /\.(cc|h)$/), ...files(join(ROOT, 'native/kmod/src'), /\.(cc|h)$/)];
  const found = new Map<string, string[]>();
  for (const file of sources) {
    if (file.endsWith('error-codes.ts') || file.includes('/generated/')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`](SCT_[A-Z0-9_]*[A-Z0-9])['"`]/g)) {
      found.set(m[1]!, [...(found.get(m[1]!) ?? []), relative(ROOT, file)]);
    }
  }
  return found;
}

/** Names of environment variables (`env.SCT_X`, `env: 'SCT_X'`, `getenv("SCT_X")`): not codes. */
function environmentNames(): Set<string> {
  const names = new Set<string>();
  const sources = [...files(join(ROOT, 'harness/src'), /\.ts$/), ...files(join(ROOT, 'native'), /\.(cc|h|mjs)$/).filter((f) => !f.includes('/build/'))];
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:env\.|env: ['"]|getenv\(["'])(SCT_[A-Z0-9_]+)/g)) names.add(m[1]!);
  }
  return names;
}

describe('error codes', () => {
  it('docs/errors.md explains exactly the listed codes, each once', () => {
    const doc = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `(SCT_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]!);
    expect(rows.length, 'no code in two rows').toBe(new Set(rows).size);
    expect([...rows].sort()).toEqual(listed);
  });

  it('every SCT_* string in the sources is a listed code or an environment variable', () => {
    const env = environmentNames();
    const unknown = [...literalsInSources()].filter(([code]) => !isErrorCode(code) && !env.has(code));
    expect(unknown.map(([code, where]) => `${code} in ${where.join(', ')}`)).toEqual([]);
  });

  it('every listed code is given somewhere in the sources', () => {
    const used = literalsInSources();
    expect(listed.filter((code) => !used.has(code))).toEqual([]);
  });

  it('isErrorCode takes the listed codes only', () => {
    expect(isErrorCode('SCT_USAGE')).toBe(true);
    expect(isErrorCode('SCT_NOPE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });
});
