// The `~=` and `/regex` patterns of one check, compiled together: a pattern written twice is
// compiled once, and all of them within one budget of closure steps. Each pattern alone stops at
// MAX_CLOSURE_STEPS (about half a second); 200 valid 1 kB patterns in a file still took 6 s.

import { compileRegex } from './compile.js';
import type { Dfa } from './dfa.js';
import { RegexError } from './errors.js';
import type { StepBudget } from './subset.js';

/** Closure steps all the patterns of one check may take, as many as one pattern may: under half a second of work (8 million took 1.5 s of CPU with a 1 MiB file to parse). */
export const MAX_SHARED_STEPS = 4_000_000;

export type PatternCompiler = (pattern: string) => Dfa | RegexError;

/** `sharedBy`: who shares the budget, for the message (`the regular expressions of these rules`). */
export function patternCompiler(sharedBy: string): PatternCompiler {
  const compiled = new Map<string, Dfa | RegexError>();
  const steps: StepBudget = { left: MAX_SHARED_STEPS, total: MAX_SHARED_STEPS, sharedBy };
  return (pattern) => {
    let result = compiled.get(pattern);
    if (result === undefined) {
      try {
        result = compileRegex(pattern, { steps });
      } catch (e) {
        if (!(e instanceof RegexError)) throw e;
        result = e;
      }
      compiled.set(pattern, result);
    }
    return result;
  };
}
