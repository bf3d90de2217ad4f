export { crash, recordCrashRun, initialTree, DEFAULT_MAX_LOST, EXHAUSTIVE_LIMIT, DEFAULT_SAMPLES } from './crash.js';
export type { CrashOptions, CrashProgress, CrashResult, ModelResult, Violation } from './crash.js';
export { MODELS, type ModelName, type CrashPoint, type Loss } from './models.js';
export { describeOp, type Op } from './ops.js';
export type { Recording } from './record.js';
export { readSavedState, replayState, summaryText, writeViolation, type SavedState } from './report.js';
export { CrashBaselineError, CrashNoSpecError, CrashRecordError, CrashRecoverError, CrashReplayError } from './errors.js';
