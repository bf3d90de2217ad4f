import { SctError } from '../errors.js';

/** The scenario has no `crash` field: nothing to check crash states against. */
export class CrashNoSpecError extends SctError {
  readonly code = 'SCT_CRASH_NO_SPEC';
}

/** The recording run (no crash) fails the scenario's own `expect`. */
export class CrashBaselineError extends SctError {
  readonly code = 'SCT_CRASH_BASELINE';
}

/** A recorded call could not be turned into an exact operation (bytes or offset unreadable). */
export class CrashRecordError extends SctError {
  readonly code = 'SCT_CRASH_RECORD';
}

/** crash.recover.command could not be started. */
export class CrashRecoverError extends SctError {
  readonly code = 'SCT_CRASH_RECOVER';
}

/** A --replay file that is not a saved crash state. */
export class CrashReplayError extends SctError {
  readonly code = 'SCT_CRASH_REPLAY';
}
