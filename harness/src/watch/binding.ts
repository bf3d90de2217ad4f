// The raw addon native/watch (sct_watch.node), loaded once and only by `sct watch`: it links
// libbpf.so.1, which `sct run` must not need. The addon checks every argument itself
// (native/shared/js_args.h); addonCall turns those errors into NativeArgumentError.
import { AddonLoadError, addonPaths, loadAddon, WATCH_ADDON } from '../addon.js';
import { WatchUnavailableError } from './errors.js';

/** One syscall's entry of a rule set: `rules` is the bitmask of rule indexes that name it. */
export interface WatchSys {
  nr: number;
  rules: bigint;
  /** The argument whose string goes into the event, 255: none. */
  strArg: number;
  /** Bitmask of WatchLsmHook: the LSM hooks that run this syscall's FAIL rules. */
  lsmHooks: number;
}

/** One rule of a rule set (struct sct_watch_rule + its filter blob). */
export interface WatchRuleRecord {
  action: number;
  signal: number;
  err: number;
  atEnter: boolean;
  /** WatchProcPath bits: the process paths its events carry. */
  procPaths: number;
  prog: Uint8Array;
}

export interface WatchRuleSet {
  sys: WatchSys[];
  rules: WatchRuleRecord[];
}

export interface WatchOpenConfig {
  treePid: number;
  comm: string;
  tracepoints: boolean;
  tpNames: string[];
  cgroupFail: boolean;
  /** Bytes of the events ring buffer (a power of 2, a multiple of the page size); 0: 1 MiB. */
  ringBytes: number;
  /** lsm_* programs to load and attach (FAIL through BPF LSM). */
  lsmPrograms: string[];
  rules: WatchRuleSet;
}

/** What setRules made live, and what it took out of service (the generation's previous epoch). */
export interface WatchSetResult {
  epoch: number;
  /** The retired epoch's final hits, by rule index; absent when the generation held no rules. */
  retired?: { epoch: number; hits: bigint[] };
}

export interface WatchStats {
  events: bigint;
  drops: bigint;
  strFail: bigint;
  noEnter: bigint;
  filtered: bigint;
  /** sys_exits of calls whose rules a later reload replaced (watch.h): not evaluated. */
  stale: bigint;
  /** Per generation: the epoch it holds (null: none yet) and its rules' hits, by rule index. */
  generations: { epoch: number | null; hits: bigint[] }[];
  /** The live rules' epoch. */
  epoch: number;
  /** errno that stopped the ring buffer reader (events stopped arriving), 0: it ran to the end. */
  pollError: number;
}

export interface WatchBinding {
  programs(): string[];
  /** null when this kernel runs BPF LSM programs, else why not (loads, attaches and fires a probe). */
  probeLsm(): string | null;
  open(config: WatchOpenConfig): number;
  setRules(rules: WatchRuleSet): WatchSetResult;
  start(onEvents: (batch: Buffer) => void): void;
  stats(): WatchStats;
  /** Detaches the programs; what is left in the ring buffer, then an empty batch, go to onEvents. */
  stop(): void;
  close(): void;
  sizes: { event: number; maxRules: number; maxNr: number; progMax: number; pathLen: number; paths: number; procPathMax: number };
}

let cached: WatchBinding | undefined;

export const watchAddonPaths = (): string[] => addonPaths(WATCH_ADDON);

/** Throws WatchUnavailableError naming every path tried and what to install. */
export function loadWatchBinding(load?: (path: string) => unknown): WatchBinding {
  if (cached) return cached;
  const ctx = load ? { platform: process.platform, arch: process.arch, env: {}, load } : undefined;
  try {
    return (cached = loadAddon<WatchBinding>(WATCH_ADDON, 'SCT_WATCH_UNAVAILABLE', ctx));
  } catch (err) {
    if (!(err instanceof AddonLoadError)) throw err;
    const libbpf = err.tried.some((t) => /libbpf\.so/.test(t.error));
    const hint = libbpf
      ? 'sct watch needs libbpf 1.x: install it (`apt install libbpf1`, `dnf install libbpf`)'
      : 'build it with `npm run build:native` (needs clang, llvm, bpftool and libbpf-dev)';
    throw new WatchUnavailableError(`${err.message.split('\n').filter((l) => !l.startsWith('build it from source')).join('\n')}\n${hint}`, { cause: err });
  }
}
