// Thompson construction: RegexNode -> NFA with epsilon, byte-set and anchor edges.

import type { RegexNode } from './ast.js';
import type { ByteSet } from './byte-set.js';
import { quoted, RegexError, SIMPLIFY } from './errors.js';

export interface NfaState {
  eps: number[];
  /** `^`: only crossable at the start of the input. */
  bol: number[];
  /** `$`: only crossable at the end of the input. */
  eol: number[];
  set?: ByteSet;
  to?: number;
}

export interface Nfa {
  states: NfaState[];
  start: number;
  final: number;
}

/** Guards against `(a{255}){255}`-style blow-ups before the subset construction starts. */
export const MAX_NFA_STATES = 100_000;

export function buildNfa(root: RegexNode, pattern: string): Nfa {
  const states: NfaState[] = [];
  const add = (): number => {
    if (states.length >= MAX_NFA_STATES) {
      throw new RegexError('SCT_REGEX_TOO_BIG', `regular expression ${quoted(pattern)} is too big: its repetitions expand to more than ${MAX_NFA_STATES} states; ${SIMPLIFY}`, pattern);
    }
    states.push({ eps: [], bol: [], eol: [] });
    return states.length - 1;
  };
  const st = (i: number): NfaState => states[i]!;

  /** Builds `node` between fresh states; returns [entry, exit]. */
  const build = (node: RegexNode): [number, number] => {
    const s = add();
    const e = add();
    switch (node.k) {
      case 'set': st(s).set = node.set; st(s).to = e; break;
      case 'bol': st(s).bol.push(e); break;
      case 'eol': st(s).eol.push(e); break;
      case 'seq': {
        let cur = s;
        for (const item of node.items) {
          const [a, b] = build(item);
          st(cur).eps.push(a);
          cur = b;
        }
        st(cur).eps.push(e);
        break;
      }
      case 'alt':
        for (const item of node.items) {
          const [a, b] = build(item);
          st(s).eps.push(a);
          st(b).eps.push(e);
        }
        break;
      case 'rep': {
        let cur = s;
        for (let i = 0; i < node.min; i++) {
          const [a, b] = build(node.node);
          st(cur).eps.push(a);
          cur = b;
        }
        if (node.max === -1) {
          const [a, b] = build(node.node);
          st(cur).eps.push(a, e);
          st(b).eps.push(a, e);
        } else {
          for (let i = node.min; i < node.max; i++) {
            const [a, b] = build(node.node);
            st(cur).eps.push(a, e);
            cur = b;
          }
          st(cur).eps.push(e);
        }
        break;
      }
    }
    return [s, e];
  };

  const [start, final] = build(root);
  return { states, start, final };
}
