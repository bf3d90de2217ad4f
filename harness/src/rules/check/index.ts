export { checkRules, PASSES, type CheckResult, type RulePass } from './check-rules.js';
export type { CheckOptions, Libc, RuleContext } from './context.js';
export { resolveParamArg, findArg, paramText, type ParamResolution } from '../../filter/index.js';
export { PARAM_ALIASES, SOCKADDR_FIELDS, kindOfArgType, type ParamInfo, type ValueKind, type ConstantKind } from '../../filter/index.js';
export { closest, didYouMean, editDistance } from './suggest.js';
