// `sct watch`: read the rules, pick the backend, stream events until SIGINT/SIGTERM. Returns the
// exit code; errors (WatchRefusedError, WatchNeedsRootError, ...) are thrown for the CLI to map.

import { existsSync } from 'node:fs';
import { KmodError } from '../kmod/index.js';
import { watchEbpf } from './ebpf-backend.js';
import { watchKmod } from './kmod-backend.js';
import { KMOD_DEVICE, type WatchOptions, type WatchOutput } from './options.js';
import { readWatchRules } from './rule-source.js';

/** Which backend runs: `auto` is the module when /dev/sct exists, else eBPF. */
export function chooseBackend(o: Pick<WatchOptions, 'backend'>, hasDevice: boolean = existsSync(KMOD_DEVICE)): 'ebpf' | 'kmod' {
  if (o.backend === 'kmod' && !hasDevice) {
    throw new KmodError('SCT_KMOD_MISSING', `--backend kmod: the sct kernel module is not loaded (no ${KMOD_DEVICE}); load it (docs/kernel.md) or use --backend ebpf`);
  }
  return o.backend === 'kmod' || (o.backend === 'auto' && hasDevice) ? 'kmod' : 'ebpf';
}

/** `out` gets one line per event (the command opens stdout or the -o file). */
export async function runWatch(o: WatchOptions, out: WatchOutput): Promise<number> {
  const backend = chooseBackend(o);
  const rules = await readWatchRules(o);
  return backend === 'kmod' ? watchKmod(o, out, rules) : watchEbpf(o, out, rules);
}
