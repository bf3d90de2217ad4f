// What `sct watch` is asked to do (commands/watch.ts parses the command line into this), and
// where its events go.
import type { RuleSourceOptions } from './rule-source.js';

export type WatchBackend = 'auto' | 'ebpf' | 'kmod';

export interface WatchOptions extends RuleSourceOptions {
  /** Only this process and its descendants. */
  pid?: number;
  /** Only threads with this comm (at most 15 bytes). */
  comm?: string;
  json: boolean;
  backend: WatchBackend;
  /** eBPF: per-syscall tracepoints instead of tp_btf sys_enter/sys_exit. */
  tracepoints: boolean;
  /** eBPF: bytes of the events ring buffer (a power of 2, at least a page); default 1 MiB. */
  ringBytes?: number;
}

/** One line per event: stdout, or the -o file (cli/run-sink.ts opens it). */
export interface WatchOutput {
  write(line: string): void;
}

/** The kernel module's device: `auto` uses the module when it is there. */
export const KMOD_DEVICE = '/dev/sct';
