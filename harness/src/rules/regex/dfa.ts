// The table every engine runs (TS interpreter here, native C and the kernel module elsewhere).

export interface Dfa {
  /** Number of states, the dead state included. */
  states: number;
  start: number;
  /** 1 where ending the input (or reaching a NUL) in that state means "matched". */
  accepting: Uint8Array;
  /** byte -> class. */
  classes: Uint8Array;
  nclasses: number;
  /** `transitions[state * nclasses + class]` -> next state. */
  transitions: Uint16Array;
  /** The state from which nothing matches any more; always 0. */
  dead: number;
}

export const DEAD_STATE = 0;
