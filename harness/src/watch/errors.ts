// The failures of `sct watch`, one class each (docs/errors.md, "sct watch").
import { SctError } from '../errors.js';

/** The eBPF addon or libbpf.so.1 cannot be loaded; `tried` lists every path with why. */
export class WatchUnavailableError extends SctError {
  readonly code = 'SCT_WATCH_UNAVAILABLE';
}

/** Not root, and not CAP_BPF + CAP_PERFMON either. */
export class WatchNeedsRootError extends SctError {
  readonly code = 'SCT_WATCH_NEEDS_ROOT';
}

/** A rule asks for what the backend cannot do on this host; `reasons` says why, one per rule. */
export class WatchRefusedError extends SctError {
  readonly code = 'SCT_WATCH_REFUSED';
  constructor(readonly reasons: string[]) {
    super(`refused, nothing attached:\n${reasons.map((r) => `  ${r}`).join('\n')}`);
  }
}

/** The kernel refused to load or attach the programs: `errno` and libbpf's last words. */
export class WatchLoadError extends SctError {
  readonly code = 'SCT_WATCH_LOAD';
  constructor(
    message: string,
    readonly errno?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
