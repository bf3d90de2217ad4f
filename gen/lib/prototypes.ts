// Parses `asmlinkage long sys_x(type name, ...);` prototypes from the kernel's linux/syscalls.h.
// Parameters without a name (`sys_connect(int, struct sockaddr __user *, int)`) are returned with
// name undefined; gen/data/prototypes.json supplies them (and prototypes the header lacks).

import { readFileSync } from 'node:fs';

export interface RawParam {
  ctype: string;
  name: string | undefined;
}

/** Words that end a type, so a parameter ending in one of them has no name. */
const TYPE_WORDS = new Set(['int', 'long', 'char', 'short', 'unsigned', 'signed', 'void', 'size_t', 'loff_t', 'off_t']);

export function parseParam(text: string): RawParam {
  const t = text.replace(/\s+/g, ' ').replace(/\s*\*\s*/g, ' *').trim();
  const m = /^(.*?[\s*])([A-Za-z_]\w*)$/.exec(t);
  if (!m) return { ctype: t, name: undefined };
  const [, head, last] = m as unknown as [string, string, string];
  const headTrim = head.trim();
  const nameless =
    TYPE_WORDS.has(last) || /_t$/.test(last) || /^(__)?[us](8|16|32|64)$/.test(last) || /^(struct|union|enum)$/.test(headTrim) ||
    headTrim === '' || last === '__user';
  if (nameless) return { ctype: t, name: undefined };
  return { ctype: headTrim.replace(/ \*/g, ' *').replace(/\* /g, '*'), name: last };
}

/** entry symbol (`sys_openat`) -> parameters; a symbol declared twice under #ifdefs keeps the last. */
export function parsePrototypes(file: string): Map<string, RawParam[]> {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[^]*?\*\//g, ' ')
    .replace(/\\\n/g, ' ')
    .replace(/^\s*#.*$/gm, '')
    .replace(/\/\/.*$/gm, '');
  const out = new Map<string, RawParam[]>();
  for (const m of text.matchAll(/\basmlinkage\s+long\s+(sys_\w+)\s*\(([^()]*)\)\s*;/g)) {
    const body = m[2]!.replace(/\s+/g, ' ').trim();
    out.set(m[1]!, body === 'void' || body === '' ? [] : body.split(',').map(parseParam));
  }
  return out;
}
