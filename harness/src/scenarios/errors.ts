import { SctError } from '../errors.js';

/** defineScenario() got something it cannot run; the message names the field and the value. */
export class ScenarioDefinitionError extends SctError {
  readonly code = 'SCT_SCENARIO_INVALID';
}

/** A scenario file could not be imported, or exports no scenario. */
export class ScenarioLoadError extends SctError {
  readonly code = 'SCT_SCENARIO_LOAD';
  constructor(
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A C target did not compile; `output` is what the compiler said. */
export class TargetBuildError extends SctError {
  readonly code = 'SCT_TARGET_BUILD';
  constructor(
    message: string,
    readonly source: string,
    readonly output: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
