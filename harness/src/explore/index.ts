// `sct explore` from TypeScript: re-exports only.
export { explore, DEFAULT_RUNS, DEFAULT_BUDGET_MS, DEFAULT_MAX_FAULTS, DEFAULT_WORKERS, type ExploreOptions, type ExploreResult, type ExploreProgress, type Counterexample } from './explore.js';
export { recordProfile, profiledCalls } from './record.js';
export { faultSpace, exclusionReason } from './space.js';
export { scheduleArbitrary, toSchedule } from './arbitrary.js';
export { scheduleRules, scheduleSource } from './compile.js';
export { evaluateSchedule, type ExploreCheck, type Evaluation } from './evaluate.js';
export { DEFAULT_EXCLUSIONS, mergeExclusions, type Exclusions, type ExclusionsOverride } from './exclusions.js';
export { parseShard, shardIndices, type Shard } from './shard.js';
export { actedFaults, hardFaultActed, type ActedFault } from './oracle.js';
export { markdownReport } from './report-markdown.js';
export { htmlReport } from './report-html.js';
export { timelineOf, timelineRun, type TimelineEntry } from './timeline.js';
export { faultText } from './faults.js';
export { ExploreRecordError, EmptyFaultSpaceError, BaselineFailsError } from './errors.js';
export type * from './types.js';
