// Running a program under rules with the seccomp engine (see run/).
export { runWithRules, startWithRules } from './run/start.js';
export { resolveCommand } from './run/resolve-command.js';
export { CommandNotFoundError, CommandNotExecutableError, LaunchError } from './run/errors.js';
export type { RunOptions, RunResult, RunHandle, RuleCount } from './run/types.js';
