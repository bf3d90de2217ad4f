export { defineScenario, isScenario } from './define.js';
export { runScenario, DEFAULT_SCENARIO_TIMEOUT_MS } from './run-scenario.js';
export { runScenarios, type RunScenariosOptions } from './run-many.js';
export { findScenarioFiles, loadScenarioFile, loadScenarioFiles, DEFAULT_SCENARIO_GLOBS } from './load.js';
export { buildCTarget, targetCacheDir } from './c-targets.js';
export { ScenarioDefinitionError, ScenarioLoadError, TargetBuildError } from './errors.js';
export type * from './types.js';
