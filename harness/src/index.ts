// The public API of syscalltrack (`import ... from 'syscalltrack'`): re-exports only.
export { rule, RuleBuilder, sym, toConfigText, fromConfigText, checkBuilt } from './rules/builder/index.js';
export { InvalidRuleError } from './rules/as-rule.js';
export type { Rule, Action, Expr, Trigger, SyscallSelector } from './rules/model.js';
export { parseConfig, printConfig } from './rules/config/index.js';
export { checkRules } from './rules/check/index.js';
export { parseStraceOptions } from './rules/strace/index.js';
export { runWithRules, startWithRules, CommandNotFoundError, CommandNotExecutableError, LaunchError } from './engine/run.js';
export type { RunOptions, RunResult, RunHandle, RuleCount } from './engine/run.js';
export type { DecodedEvent } from './engine/decode/index.js';
export { SctError, RuleSyntaxError, UsageError, NotRepresentableError, ERROR_CODES, isErrorCode, type ErrorCode } from './errors.js';
export {
  defineScenario, isScenario, runScenario, runScenarios, loadScenarioFile, findScenarioFiles, ScenarioDefinitionError, ScenarioLoadError, TargetBuildError,
} from './scenarios/index.js';
export type { Scenario, ScenarioInput, ScenarioVerdict, ScenarioRecord, Expectations, ScenarioTarget, Injection } from './scenarios/index.js';
