import type { Dfa } from './dfa.js';

/** Runs `dfa` over `bytes` up to the first NUL (or the end). `~=` semantics: a search unless anchored. */
export function dfaMatch(dfa: Dfa, bytes: Uint8Array): boolean {
  let state = dfa.start;
  for (const b of bytes) {
    if (b === 0) break;
    state = dfa.transitions[state * dfa.nclasses + dfa.classes[b]!]!;
    if (state === dfa.dead) return false;
  }
  return dfa.accepting[state] === 1;
}

/** Convenience for strings: matched as their UTF-8 bytes. */
export function dfaMatchString(dfa: Dfa, s: string): boolean {
  return dfaMatch(dfa, Buffer.from(s, 'utf8'));
}
