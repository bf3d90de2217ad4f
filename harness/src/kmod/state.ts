// What `sct load` loaded, for `sct rules` and `sct log` to name rules: the module itself only
// knows ids, syscall numbers and actions. Kept in /run (root-only, gone at reboot); stale when
// the module's generation differs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const STATE_FILE = process.env.SCT_KMOD_STATE ?? '/run/sct/kmod-rules.json';

export interface LoadedRuleInfo {
  id: number;
  label: string;
  syscall: string;
  action: string;
  phase: 'before' | 'after';
}

export interface KmodState {
  generation: string;
  sources: string[];
  scope: Record<string, unknown>;
  rules: LoadedRuleInfo[];
}

export function saveState(s: KmodState): void {
  try {
    mkdirSync(dirname(STATE_FILE), { recursive: true, mode: 0o755 });
    writeFileSync(STATE_FILE, JSON.stringify(s, null, 2) + '\n', { mode: 0o644 });
  } catch {
    // names are a convenience: counters and events work without them
  }
}

export function readState(generation: bigint): KmodState | undefined {
  try {
    const s = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as KmodState;
    return s.generation === String(generation) ? s : undefined;
  } catch {
    return undefined;
  }
}
