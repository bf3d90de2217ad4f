export { compileRegex, DEFAULT_MAX_STATES, type CompileRegexOptions } from './compile.js';
export { MAX_SHARED_STEPS, patternCompiler, type PatternCompiler } from './pattern-compiler.js';
export { DEAD_STATE, type Dfa } from './dfa.js';
export { dfaMatch, dfaMatchString } from './match.js';
export { RegexError, type RegexErrorCode } from './errors.js';
export { parseEre } from './parse.js';
export { ereToJs } from './to-js.js';
export { MAX_REPEAT, type RegexNode } from './ast.js';
