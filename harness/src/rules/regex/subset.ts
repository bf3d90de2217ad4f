// NFA -> DFA by subset construction, with search semantics built in: a new match may start at
// every byte (the start state is re-entered, without its `^` edges), and once a match has been
// seen the automaton stays in an absorbing accepting state.

import type { Nfa } from './nfa.js';
import { quoted, RegexError, SIMPLIFY } from './errors.js';

export interface RawDfa {
  /** transitions[state][class] */
  transitions: number[][];
  accepting: boolean[];
  start: number;
  dead: number;
}

/**
 * NFA states the closures may visit in all: past it the pattern is refused. Each DFA state's set
 * can hold most of the NFA (`.*a.*b.*c...`: 2 kB of it took 6 s to reach 782 states); accepted
 * patterns visit far fewer (800 four-letter alternatives twice: 2.6 million).
 */
export const MAX_CLOSURE_STEPS = 4_000_000;

/** Closure steps that several patterns share (those of one check): each takes what it uses. */
export interface StepBudget {
  left: number;
  readonly total: number;
  /** Who shares it, for the message: `the regular expressions of these rules`. */
  readonly sharedBy: string;
}

export function subsetConstruct(nfa: Nfa, classes: Uint8Array, nclasses: number, limit: number, pattern: string, budget?: StepBudget): RawDfa {
  const { states } = nfa;
  const important = (i: number): boolean => states[i]!.set !== undefined || states[i]!.eol.length > 0 || i === nfa.final;

  // `seen` by generation (a Set per closure cost half the time of a 2 kB `.*a.*b...` pattern)
  const seen = new Uint32Array(states.length);
  let generation = 0;
  let steps = 0;
  const closure = (seeds: Iterable<number>, bol: boolean, eol: boolean): number[] => {
    generation++;
    const out: number[] = [];
    const stack = [...seeds];
    while (stack.length) {
      const i = stack.pop()!;
      if (seen[i] === generation) continue;
      seen[i] = generation;
      if (++steps > MAX_CLOSURE_STEPS) {
        throw new RegexError('SCT_REGEX_TOO_BIG', `regular expression ${quoted(pattern)} is too big: building its automaton takes more than ${MAX_CLOSURE_STEPS} steps; ${SIMPLIFY}`, pattern);
      }
      if (budget && --budget.left < 0) {
        throw new RegexError('SCT_REGEX_TOO_BIG', `regular expression ${quoted(pattern)} is one too many: ${budget.sharedBy} take more than ${budget.total} steps to build in all; ${SIMPLIFY}`, pattern);
      }
      if (important(i)) out.push(i);
      const s = states[i]!;
      for (const j of s.eps) stack.push(j);
      if (bol) for (const j of s.bol) stack.push(j);
      if (eol) for (const j of s.eol) stack.push(j);
    }
    return out.sort((a, b) => a - b);
  };

  const representative: number[] = [];
  for (let b = 255; b >= 0; b--) representative[classes[b]!] = b;

  const sets: (number[] | 'found')[] = [];
  const isStart: boolean[] = [];
  const index = new Map<string, number>();
  const intern = (set: number[], start: boolean): number => {
    const found = set.includes(nfa.final);
    const key = found ? 'F' : `${start ? 'S' : ''}${set.join(',')}`;
    let id = index.get(key);
    if (id === undefined) {
      if (sets.length >= limit) {
        throw new RegexError('SCT_REGEX_TOO_BIG', `regular expression ${quoted(pattern)} is too big: its automaton exceeds ${limit} states before minimisation; ${SIMPLIFY}`, pattern);
      }
      id = sets.length;
      index.set(key, id);
      sets.push(found ? 'found' : set);
      isStart.push(start);
    }
    return id;
  };

  const dead = intern([], false);
  const start = intern(closure([nfa.start], true, false), true);
  const transitions: number[][] = [];
  const accepting: boolean[] = [];
  for (let id = 0; id < sets.length; id++) {
    const set = sets[id]!;
    if (set === 'found') {
      transitions[id] = new Array<number>(nclasses).fill(id);
      accepting[id] = true;
      continue;
    }
    accepting[id] = closure(set, isStart[id]!, true).includes(nfa.final);
    const row: number[] = [];
    for (let c = 0; c < nclasses; c++) {
      const b = representative[c]!;
      const moved: number[] = [nfa.start];
      for (const i of set) {
        const s = states[i]!;
        if (s.set?.[b]) moved.push(s.to!);
      }
      row.push(intern(closure(moved, false, false), false));
    }
    transitions[id] = row;
  }
  return { transitions, accepting, start, dead };
}
