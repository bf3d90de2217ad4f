// Helpers for a scenario's `expect.check` under exploration: which faults acted in this run, read
// from the record's events (runs are made with `report`, so every acted rule sends one). A check
// built on these stays valid in the reproducer file, which runs the same scenario on its own.

import type { ScenarioRecord } from '../scenarios/index.js';
import { errnoName } from '../tables/index.js';
import { DEFAULT_EXCLUSIONS } from './exclusions.js';
import { GUARD_RULE_NAME } from './guard.js';

export interface ActedFault {
  syscall: string;
  /** FAIL, ALTER (a short read or write) or DELAY. */
  action: string;
  errno?: string;
  /** The call's first argument (the fd of read, write, fsync, close...). */
  arg0?: bigint;
  /** EINTR, EAGAIN, a short count or a delay: a correct program gets its normal result anyway. */
  transient: boolean;
}

export function actedFaults(record: Pick<ScenarioRecord, 'events'>, transientErrnos: readonly string[] = DEFAULT_EXCLUSIONS.errnos.transient): ActedFault[] {
  return record.events.flatMap((e): ActedFault[] => {
    if (e.type !== 'rule' || !e.acted || e.action === undefined || e.action === 'LOG' || e.ruleName === GUARD_RULE_NAME || e.syscall === undefined) return [];
    const errno = e.action === 'FAIL' && e.seen !== undefined && e.seen < 0n ? errnoName(Number(-e.seen)) : undefined;
    const transient = e.action !== 'FAIL' || (errno !== undefined && transientErrnos.includes(errno));
    return [{ syscall: e.syscall, action: e.action, ...(errno !== undefined ? { errno } : {}), ...(e.args?.[0] !== undefined ? { arg0: e.args[0] } : {}), transient }];
  });
}

/** Whether any fault acted that a correct program may not hide (a hard errno). */
export const hardFaultActed = (record: Pick<ScenarioRecord, 'events'>): boolean => actedFaults(record).some((f) => !f.transient);
