// Partition the 256 byte values into classes that no byte set of the NFA tells apart.

import type { Nfa } from './nfa.js';

export function byteClasses(nfa: Nfa): { classes: Uint8Array; nclasses: number } {
  let classes = new Uint8Array(256);
  let nclasses = 1;
  const seen = new Set<Uint8Array>();
  for (const s of nfa.states) {
    if (!s.set || seen.has(s.set)) continue;
    seen.add(s.set);
    const remap = new Map<number, number>();
    const next = new Uint8Array(256);
    for (let b = 0; b < 256; b++) {
      const key = classes[b]! * 2 + s.set[b]!;
      let id = remap.get(key);
      if (id === undefined) { id = remap.size; remap.set(key, id); }
      next[b] = id;
    }
    classes = next;
    nclasses = remap.size;
  }
  return { classes, nclasses };
}
