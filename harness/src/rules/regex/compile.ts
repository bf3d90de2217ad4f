import type { Dfa } from './dfa.js';
import { byteClasses } from './byte-classes.js';
import { quoted, RegexError, SIMPLIFY } from './errors.js';
import { minimise } from './minimise.js';
import { buildNfa } from './nfa.js';
import { parseEre } from './parse.js';
import { subsetConstruct, type StepBudget } from './subset.js';

export interface CompileRegexOptions {
  /** Largest minimised automaton accepted, dead state included. Default 256. */
  maxStates?: number;
  /** Closure steps shared with other patterns (see patternCompiler); by default this one's own. */
  steps?: StepBudget;
}

export const DEFAULT_MAX_STATES = 256;
/** Longest pattern compiled: refused before any work (a 1 MB pattern took 10 s to be refused). */
export const MAX_PATTERN_LENGTH = 4096;

/** POSIX ERE (no backreferences) -> minimal DFA with search semantics. Throws RegexError. */
export function compileRegex(ere: string, opts: CompileRegexOptions = {}): Dfa {
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  if (!Number.isInteger(maxStates) || maxStates < 2 || maxStates > 65535) {
    throw new RangeError(`Expected the \`maxStates\` option to be an integer in [2, 65535], got \`${maxStates}\``);
  }
  if (ere.length > MAX_PATTERN_LENGTH) {
    throw new RegexError('SCT_REGEX_TOO_BIG', `regular expression of ${ere.length} characters is too long (at most ${MAX_PATTERN_LENGTH}); ${SIMPLIFY}`, ere);
  }
  const nfa = buildNfa(parseEre(ere), ere);
  const { classes, nclasses } = byteClasses(nfa);
  const limit = Math.min(65535, Math.max(4096, maxStates * 64));
  const dfa = minimise(subsetConstruct(nfa, classes, nclasses, limit, ere, opts.steps), classes, nclasses);
  if (dfa.states > maxStates) {
    throw new RegexError('SCT_REGEX_TOO_BIG', `regular expression ${quoted(ere)} needs ${dfa.states} DFA states, more than the limit of ${maxStates}; ${SIMPLIFY}`, ere);
  }
  return dfa;
}
