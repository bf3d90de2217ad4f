// ERE -> JS RegExp with the same meaning on the latin1 decoding of the bytes (`Buffer#toString('latin1')`).
// Used as a test oracle and by engines that evaluate filters in JS.

import type { RegexNode } from './ast.js';
import type { ByteSet } from './byte-set.js';
import { parseEre } from './parse.js';

export function ereToJs(ere: string): RegExp {
  return new RegExp(emit(parseEre(ere)));
}

function hex(b: number): string {
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

function emitSet(set: ByteSet): string {
  if (set.every((v) => v === 1)) return '[^]';
  let out = '';
  for (let b = 0; b < 256; b++) {
    if (!set[b]) continue;
    let e = b;
    while (e + 1 < 256 && set[e + 1]) e++;
    out += e === b ? hex(b) : `${hex(b)}-${hex(e)}`;
    b = e;
  }
  return `[${out}]`;
}

function emit(node: RegexNode): string {
  switch (node.k) {
    case 'set': return emitSet(node.set);
    case 'bol': return '^';
    case 'eol': return '$';
    case 'seq': return node.items.length ? node.items.map(emit).join('') : '(?:)';
    case 'alt': return `(?:${node.items.map(emit).join('|')})`;
    case 'rep': {
      const q = node.max === -1 ? `{${node.min},}` : `{${node.min},${node.max}}`;
      return `(?:${emit(node.node)})${q}`;
    }
  }
}
