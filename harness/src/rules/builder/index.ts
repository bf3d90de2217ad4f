export { rule, RuleBuilder, toRule, parseSelectors } from './rule-builder.js';
export { sym, Sym, whereToExpr, type WhereObject, type WhereValue } from './where.js';
export { jsRegexToEre } from './js-regex.js';
export { parseDuration, durationToUs, type Duration } from './duration.js';
export { toConfigText, fromConfigText } from './config-text.js';
export { checkBuilt } from './check-built.js';
