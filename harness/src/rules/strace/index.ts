export { parseStraceOptions, type StraceOptions, type StraceResult } from './parse-options.js';
export { parseWhen } from './when.js';
export { pathFilter, pathSet, type PathSet } from './paths.js';
export { ARGV_SOURCE, specLines } from './locate.js';
export { traceRules, tracedNames } from './trace-rules.js';
