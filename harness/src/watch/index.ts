// The watch room: `sct watch`, system-wide "which process did that?" through eBPF (native/watch)
// or the kernel module. Files: options (what is asked), rule-source (rules from -c/-e/-P),
// compile (rules -> watch.h's rule set), contract (watch.h's numbers), binding (the addon),
// event (raw events -> DecodedEvent), format (lines), privileges, signals, ebpf-backend,
// kmod-backend, run (picks one), errors.
export { runWatch, chooseBackend } from './run.js';
export { compileWatch, stringArg, CGROUP_FAIL, LSM_FAIL, type WatchPlan, type WatchSlot, type WatchHost } from './compile.js';
export { WatchAction, WatchLsmHook, WATCH_MAX_RULES } from './contract.js';
export { decodeWatchEvents, toDecoded, matchedSlots, type WatchEvent } from './event.js';
export { defaultLine, eventLine } from './format.js';
export { canLoadBpf, effectiveCaps } from './privileges.js';
export { loadWatchBinding } from './binding.js';
export { WatchLoadError, WatchNeedsRootError, WatchRefusedError, WatchUnavailableError } from './errors.js';
export type { WatchOptions, WatchBackend } from './options.js';
