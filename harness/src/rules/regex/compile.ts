import type { Dfa } from './dfa.js';
import { byteClasses } from './byte-classes.js';
import { RegexError } from './errors.js';
import { minimise } from './minimise.js';
import { buildNfa } from './nfa.js';
import { parseEre } from './parse.js';
import { subsetConstruct } from './subset.js';

export interface CompileRegexOptions {
  /** Largest minimised automaton accepted, dead state included. Default 256. */
  maxStates?: number;
}

export const DEFAULT_MAX_STATES = 256;

/** POSIX ERE (no backreferences) -> minimal DFA with search semantics. Throws RegexError. */
export function compileRegex(ere: string, opts: CompileRegexOptions = {}): Dfa {
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  if (!Number.isInteger(maxStates) || maxStates < 2 || maxStates > 65535) {
    throw new RangeError(`Expected the \`maxStates\` option to be an integer in [2, 65535], got \`${maxStates}\``);
  }
  const nfa = buildNfa(parseEre(ere), ere);
  const { classes, nclasses } = byteClasses(nfa);
  const limit = Math.min(65535, Math.max(4096, maxStates * 64));
  const dfa = minimise(subsetConstruct(nfa, classes, nclasses, limit, ere), classes, nclasses);
  if (dfa.states > maxStates) {
    throw new RegexError('SCT_REGEX_TOO_BIG', `regular expression '${ere}' needs ${dfa.states} DFA states, more than the limit of ${maxStates}`, ere);
  }
  return dfa;
}
