// The original syscalltrack config language: parse (with every error of a file, located), print.

export type { LocationMap } from './locations.js';
export { PARSE_CODES } from './codes.js';
export { parseConfig, type ParseResult } from './parse-config.js';
export { parseFilterExpression } from './parse-filter.js';
export { formatDiagnostic, formatDiagnostics } from './format-diagnostic.js';
export { printConfig, printRule } from './print-config.js';
export { printExpr } from './print-expr.js';
export { printDuration } from './print-duration.js';
