// Moore's partition refinement, then renumbering (dead state 0, the rest in BFS order from the
// start) and merging of byte classes whose columns are identical.

import { DEAD_STATE, type Dfa } from './dfa.js';
import type { RawDfa } from './subset.js';

export function minimise(raw: RawDfa, classes: Uint8Array, nclasses: number): Dfa {
  const n = raw.transitions.length;
  let block: number[] = raw.accepting.map((a) => (a ? 1 : 0));
  let count = new Set(block).size;
  for (;;) {
    const ids = new Map<string, number>();
    const next = block.map((b, i) => {
      const key = `${b}:${raw.transitions[i]!.map((t) => block[t]).join(',')}`;
      let id = ids.get(key);
      if (id === undefined) { id = ids.size; ids.set(key, id); }
      return id;
    });
    block = next;
    if (ids.size === count) break;
    count = ids.size;
  }

  // Renumber: dead first, then breadth-first from start.
  const order = new Map<number, number>([[block[raw.dead]!, DEAD_STATE]]);
  const representative = new Map<number, number>();
  for (let i = 0; i < n; i++) if (!representative.has(block[i]!)) representative.set(block[i]!, i);
  const queue = [block[raw.start]!];
  while (queue.length) {
    const b = queue.shift()!;
    if (!order.has(b)) order.set(b, order.size);
    for (const t of raw.transitions[representative.get(b)!]!) {
      if (!order.has(block[t]!)) { order.set(block[t]!, order.size); queue.push(block[t]!); }
    }
  }
  const states = order.size;
  const byNew: number[] = [];
  for (const [b, id] of order) byNew[id] = representative.get(b)!;

  // Merge identical columns.
  const columnId = new Map<string, number>();
  const classMap: number[] = [];
  for (let c = 0; c < nclasses; c++) {
    const key = byNew.map((old) => order.get(block[raw.transitions[old]![c]!]!)).join(',');
    let id = columnId.get(key);
    if (id === undefined) { id = columnId.size; columnId.set(key, id); }
    classMap[c] = id;
  }
  const merged = columnId.size;
  const transitions = new Uint16Array(states * merged);
  const accepting = new Uint8Array(states);
  for (let s = 0; s < states; s++) {
    const old = byNew[s]!;
    accepting[s] = raw.accepting[old] ? 1 : 0;
    for (let c = 0; c < nclasses; c++) {
      transitions[s * merged + classMap[c]!] = order.get(block[raw.transitions[old]![c]!]!)!;
    }
  }
  const outClasses = new Uint8Array(256);
  for (let b = 0; b < 256; b++) outClasses[b] = classMap[classes[b]!]!;
  return { states, start: order.get(block[raw.start]!)!, accepting, classes: outClasses, nclasses: merged, transitions, dead: DEAD_STATE };
}
