// Errnos each syscall documents: the tags of the `.TP` items under `.SH ERRORS` in its man2 page
// (manpages-dev). `.so man2/other.2` redirects are followed.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** `only`: the pages manpages-dev installed (others in the same folder are ignored). */
function readPage(dir: string, page: string, only: ReadonlySet<string> | undefined, depth = 0): string | undefined {
  const file = join(dir, `${page}.2.gz`);
  if (!existsSync(file) || depth > 3 || (only && !only.has(file))) return undefined;
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const so = /^\.so\s+man2\/(\S+)\.2\s*$/m.exec(text);
  if (so && text.trim().split('\n').length <= 3) return readPage(dir, so[1]!, only, depth + 1);
  return text;
}

/** Errno names from the ERRORS section's item tags, sorted; undefined without a page or section. */
export function documentedErrnos(dir: string, syscall: string, known: ReadonlySet<string>, only?: ReadonlySet<string>): string[] | undefined {
  const text = readPage(dir, syscall, only);
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\.SH\s+"?ERRORS"?\s*$/.test(l));
  if (start < 0) return undefined;
  const found = new Set<string>();
  let tag = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('.SH')) break;
    if (/^\.(TP|TQ)\b/.test(line)) {
      tag = true;
      continue;
    }
    if (tag) {
      for (const m of line.matchAll(/\bE[A-Z0-9]+\b/g)) if (known.has(m[0])) found.add(m[0]);
      // A tag is one line, unless it is a comment line that precedes it.
      if (!line.startsWith('.\\"')) tag = false;
    }
  }
  return [...found].sort();
}
