// `sct run` as a signal-forwarding wrapper: SIGTERM, SIGINT and SIGHUP sent to sct go on to the
// target (continued first if a SUSPEND holds it), and sct exits with the target's own status. If
// the target has not ended `--kill-after` later (default 10 s, as timeout(1)'s -k), the whole tree
// is SIGKILLed and sct exits 137.

import { UsageError } from '../errors.js';
import { durationToUs } from '../rules/builder/duration.js';
import type { RunHandle } from '../engine/run.js';

export const FORWARDED_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
export const DEFAULT_KILL_AFTER_MS = 10_000;

/** `--kill-after`: seconds when bare (as timeout(1)), else `500ms`, `2s`, `250us`. */
export function parseKillAfter(text: string | undefined): number {
  if (text === undefined) return DEFAULT_KILL_AFTER_MS;
  const t = text.trim();
  const us = /^\d+(\.\d+)?$/.test(t) ? Number(t) * 1_000_000 : durationToUs(t);
  if (us === undefined || !Number.isFinite(us)) {
    throw new UsageError(`Expected the \`--kill-after\` option to be a duration such as \`10\` (seconds), \`500ms\` or \`2s\`, got \`${text}\``);
  }
  return Math.ceil(us / 1000);
}

export interface SignalForwarding {
  /** Whether the grace period ran out and the tree was SIGKILLed. */
  readonly killed: boolean;
  /** The target to forward to. Signals that came before it was launched are forwarded now. */
  attach(handle: Pick<RunHandle, 'signal' | 'kill'>): void;
  dispose(): void;
}

/**
 * Installs the handlers before the launch: the target runs (and may print "ready") before
 * `launch()` returns, and a SIGINT to sct in that window would otherwise end sct by default.
 */
export function forwardSignals(killAfterMs: number): SignalForwarding {
  let target: Pick<RunHandle, 'signal' | 'kill'> | undefined;
  const early: NodeJS.Signals[] = [];
  let timer: NodeJS.Timeout | undefined;
  let killed = false;
  const forward = (handle: Pick<RunHandle, 'signal' | 'kill'>, signal: NodeJS.Signals): void => {
    handle.signal(signal);
    timer ??= setTimeout(() => {
      killed = true;
      handle.kill();
    }, killAfterMs);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (target) forward(target, signal);
    else early.push(signal);
  };
  for (const s of FORWARDED_SIGNALS) process.on(s, onSignal);
  return {
    get killed() {
      return killed;
    },
    attach(handle) {
      target = handle;
      for (const s of early.splice(0)) forward(handle, s);
    },
    dispose() {
      for (const s of FORWARDED_SIGNALS) process.off(s, onSignal);
      if (timer) clearTimeout(timer);
    },
  };
}
