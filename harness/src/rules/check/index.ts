export { checkRules, PASSES, type CheckResult, type RulePass } from './check-rules.js';
export type { CheckOptions, Libc, RuleContext } from './context.js';
export { resolveParamArg, findArg, paramText, type ParamResolution } from './resolve-param.js';
export { PARAM_ALIASES, SOCKADDR_FIELDS, kindOfArgType, type ParamInfo, type ValueKind, type ConstantKind } from './param-info.js';
export { closest, didYouMean, editDistance } from './suggest.js';
