// JS RegExp -> POSIX ERE for `where({ path: /\.conf$/ })`. What ERE cannot say (lookarounds,
// backreferences, word boundaries, flags, Unicode properties) is refused with a message naming it.
// Lazy quantifiers become greedy: for "does it match anywhere" the two are the same.
// Note: JS `.` excludes line terminators; it maps to ERE `.`, which does not.

import { NotRepresentableError } from '../../errors.js';
import { parseEre } from '../regex/index.js';

const CLASS_ESCAPES: Readonly<Record<string, string>> = { d: '[:digit:]', w: '[:alnum:]_', s: '[:space:]' };
const CONTROL: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };
const ERE_SPECIAL = new Set([...'.[]\\()*+?{}|^$']);

export function jsRegexToEre(re: RegExp): string {
  const fail = (what: string): never => {
    throw new NotRepresentableError(`cannot express /${re.source}/${re.flags} as a POSIX regular expression: ${what}`);
  };
  if (re.flags !== '') fail(`flags '${re.flags}' are not supported (write the pattern without flags)`);
  const src = re.source;
  let out = '';
  let i = 0;
  const literal = (c: string): string => (ERE_SPECIAL.has(c) ? `\\${c}` : c);
  /** A `\x` escape outside brackets; returns ERE text. */
  const escape = (): string => {
    const c = src[i + 1];
    if (c === undefined) return fail('trailing backslash');
    i += 2;
    if (/[1-9]/.test(c) || c === 'k') return fail(`backreference \\${c}`);
    if (c === 'b' || c === 'B') return fail(`word boundary \\${c}`);
    if (c === 'p' || c === 'P') return fail(`Unicode property \\${c}{...}`);
    if (c === 'c' || c === '0') return fail(`control escape \\${c}`);
    const cls = CLASS_ESCAPES[c.toLowerCase()];
    if (cls) return c === c.toLowerCase() ? `[${cls}]` : `[^${cls}]`;
    if (CONTROL[c]) return `\\${c}`;
    if (c === 'x' || c === 'u') {
      const len = c === 'x' ? 2 : 4;
      const hex = src.slice(i, i + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return fail(`malformed \\${c} escape`);
      i += len;
      return literal(String.fromCharCode(parseInt(hex, 16)));
    }
    return literal(c);
  };
  const bracket = (): string => {
    i++;
    let negate = false;
    if (src[i] === '^') { negate = true; i++; }
    const items: string[] = [];
    let close = false;
    let dash = false;
    let caret = false;
    while (i < src.length && src[i] !== ']') {
      let c = src[i]!;
      if (c === '\\') {
        const e = src[i + 1];
        if (e === undefined) return fail('trailing backslash');
        i += 2;
        const cls = CLASS_ESCAPES[e];
        if (cls) { items.push(cls); continue; }
        if (CLASS_ESCAPES[e.toLowerCase()]) return fail(`negated class \\${e} inside [...]`);
        if (e === 'b' || /[1-9]/.test(e) || e === 'p' || e === 'P' || e === 'c' || e === '0') return fail(`escape \\${e} inside [...]`);
        if (e === 'x' || e === 'u') {
          const len = e === 'x' ? 2 : 4;
          c = String.fromCharCode(parseInt(src.slice(i, i + len), 16));
          i += len;
        } else c = CONTROL[e] ?? e;
      } else i++;
      // Ranges pass through as `a-z`; special characters go where POSIX treats them as literal.
      if (c === ']') close = true;
      else if (c === '-' && items.length > 0 && src[i] !== ']' && !items[items.length - 1]!.endsWith('-')) items.push('-');
      else if (c === '-') dash = true;
      else if (c === '^') caret = true;
      else items.push(c);
    }
    if (src[i] !== ']') return fail('unterminated [');
    i++;
    const body = items.join('');
    if (body === '' && !close && !dash && !caret) return negate ? '.' : fail('empty character class [] never matches');
    return `[${negate ? '^' : ''}${close ? ']' : ''}${body}${caret ? '^' : ''}${dash ? '-' : ''}]`;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') { out += escape(); continue; }
    if (c === '[') { out += bracket(); continue; }
    if (c === '(') {
      if (src.startsWith('(?:', i)) { out += '('; i += 3; continue; }
      if (src.startsWith('(?<', i) && !src.startsWith('(?<=', i) && !src.startsWith('(?<!', i)) {
        i = src.indexOf('>', i) + 1;
        out += '(';
        continue;
      }
      if (src[i + 1] === '?') return fail('lookaround assertions (?=, ?!, ?<=, ?<!)');
      out += '(';
      i++;
      continue;
    }
    if (c === '{' && !/^\{\d+(,\d*)?\}/.test(src.slice(i))) { out += '\\{'; i++; continue; }
    if ((c === '?' && /[*+?}]$/.test(out) && !out.endsWith('\\?') && !out.endsWith('\\*') && !out.endsWith('\\+') && !out.endsWith('\\}'))) { i++; continue; }
    out += c;
    i++;
  }
  parseEre(out);
  return out;
}
