import { SctError } from '../errors.js';

/** The recording run did not give a profile to explore (the target did not start, or crashed unfaulted). */
export class ExploreRecordError extends SctError {
  readonly code = 'SCT_EXPLORE_RECORD';
}

/** The fault space is empty: every recorded call was excluded or has no fault to inject. */
export class EmptyFaultSpaceError extends SctError {
  readonly code = 'SCT_EXPLORE_EMPTY_SPACE';
}

/** The scenario fails without any injected fault: there is nothing to explore. */
export class BaselineFailsError extends SctError {
  readonly code = 'SCT_EXPLORE_BASELINE';
  constructor(message: string, readonly reasons: string[]) {
    super(message);
  }
}

/** A worker process could not load the scenario, failed a run, or died (the run is then done in this process). */
export class ExploreWorkerError extends SctError {
  readonly code = 'SCT_EXPLORE_WORKER';
}
