// POSIX ERE (without backreferences) -> RegexNode. Bytes, C locale; a non-ASCII literal is its
// UTF-8 byte sequence.

import { MAX_REPEAT, type RegexNode } from './ast.js';
import { addRange, emptySet, fullSet, invert, posixClass, POSIX_CLASS_NAMES, singleByte, type ByteSet } from './byte-set.js';
import { quoted, RegexError } from './errors.js';

const ESCAPES: Record<string, number> = { n: 0x0a, t: 0x09, r: 0x0d, f: 0x0c, v: 0x0b };

export function parseEre(pattern: string): RegexNode {
  const p = new EreParser(pattern);
  const node = p.alternation();
  if (p.pos < pattern.length) p.fail(`unmatched ')' at offset ${p.pos}`);
  return node;
}

class EreParser {
  pos = 0;
  constructor(readonly src: string) {}

  fail(message: string, at = this.pos): never {
    throw new RegexError('SCT_BAD_REGEX', `invalid regular expression ${quoted(this.src)}: ${message}`, this.src, at);
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  alternation(): RegexNode {
    const items = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0]! : { k: 'alt', items };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      let atom = this.atom();
      for (;;) {
        const q = this.peek();
        if (q === '*') { this.pos++; atom = { k: 'rep', node: atom, min: 0, max: -1 }; }
        else if (q === '+') { this.pos++; atom = { k: 'rep', node: atom, min: 1, max: -1 }; }
        else if (q === '?') { this.pos++; atom = { k: 'rep', node: atom, min: 0, max: 1 }; }
        else if (q === '{') atom = this.interval(atom);
        else break;
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0]! : { k: 'seq', items };
  }

  private interval(node: RegexNode): RegexNode {
    const start = this.pos;
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    if (!m) this.fail(`invalid interval at offset ${start}; write \\{ for a literal brace`, start);
    this.pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
    if (min > MAX_REPEAT || max > MAX_REPEAT) this.fail(`repetition count above ${MAX_REPEAT} in '${m[0]}'`, start);
    if (max !== -1 && max < min) this.fail(`invalid interval '${m[0]}': maximum below minimum`, start);
    return { k: 'rep', node, min, max };
  }

  private atom(): RegexNode {
    const at = this.pos;
    const c = this.src[this.pos++]!;
    switch (c) {
      case '(': {
        const inner = this.alternation();
        if (this.peek() !== ')') this.fail(`unmatched '(' at offset ${at}`, at);
        this.pos++;
        return inner;
      }
      case '[': return { k: 'set', set: this.bracket(at) };
      case '.': return { k: 'set', set: fullSet() };
      case '^': return { k: 'bol' };
      case '$': return { k: 'eol' };
      case '*': case '+': case '?': case '{':
        return this.fail(`'${c}' at offset ${at} has nothing to repeat`, at);
      case '\\': return this.escape(at);
      default: return literal(c.codePointAt(0)!, this, at);
    }
  }

  private escape(at: number): RegexNode {
    const c = this.src[this.pos];
    if (c === undefined) this.fail('trailing backslash', at);
    this.pos++;
    if (c >= '1' && c <= '9') this.fail(`backreference \\${c} is not supported (matching with backreferences is not regular)`, at);
    if (c in ESCAPES) return { k: 'set', set: singleByte(ESCAPES[c]!) };
    if (/[A-Za-z0-9]/.test(c)) {
      const hint = c === 'd' ? '; use [[:digit:]]' : c === 'w' ? '; use [[:alnum:]_]' : c === 's' ? '; use [[:space:]]' : '';
      this.fail(`unsupported escape \\${c}${hint}`, at);
    }
    return literal(c.codePointAt(0)!, this, at);
  }

  /** After the opening `[`. Backslash is literal inside brackets, as POSIX says. */
  private bracket(at: number): ByteSet {
    let set = emptySet();
    let negate = false;
    if (this.peek() === '^') { negate = true; this.pos++; }
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail(`unmatched '[' at offset ${at}`, at);
      if (c === ']' && !first) { this.pos++; break; }
      first = false;
      if (c === '[' && this.src[this.pos + 1] === ':') {
        const end = this.src.indexOf(':]', this.pos + 2);
        if (end < 0) this.fail(`unterminated character class at offset ${this.pos}`);
        const name = this.src.slice(this.pos + 2, end);
        const cls = posixClass(name);
        if (!cls) this.fail(`unknown character class '[:${name}:]'; known: ${POSIX_CLASS_NAMES.join(', ')}`);
        for (let b = 0; b < 256; b++) if (cls[b]) set[b] = 1;
        this.pos = end + 2;
        continue;
      }
      if (c === '[' && (this.src[this.pos + 1] === '.' || this.src[this.pos + 1] === '=')) {
        this.fail(`collating elements and equivalence classes ('[${this.src[this.pos + 1]}') are not supported`);
      }
      const lo = this.bracketChar();
      if (this.peek() === '-' && this.src[this.pos + 1] !== ']' && this.src[this.pos + 1] !== undefined) {
        const rangeAt = this.pos - 1;
        this.pos++;
        const hi = this.bracketChar();
        if (hi < lo) this.fail(`invalid range end in bracket expression at offset ${rangeAt}`, rangeAt);
        addRange(set, lo, hi);
      } else {
        set[lo] = 1;
      }
    }
    if (negate) set = invert(set);
    return set;
  }

  private bracketChar(): number {
    const at = this.pos;
    const cp = this.src.codePointAt(this.pos)!;
    if (cp > 0x7f) this.fail(`non-ASCII character in bracket expression at offset ${at}`, at);
    this.pos++;
    return cp;
  }
}

function literal(cp: number, p: EreParser, at: number): RegexNode {
  if (cp === 0) p.fail('NUL cannot appear in a pattern (strings are matched up to NUL)', at);
  if (cp < 0x80) return { k: 'set', set: singleByte(cp) };
  if (cp > 0xffff) p.pos++; // the low surrogate
  const bytes = Buffer.from(String.fromCodePoint(cp), 'utf8');
  return { k: 'seq', items: [...bytes].map((b) => ({ k: 'set', set: singleByte(b) }) as RegexNode) };
}
