// Step 2b: fast-check arbitraries of fault schedules over a fault space. A schedule is drawn as
// pairs of indices (site, fault), unique by site, so that fast-check shrinks it towards fewer
// faults, earlier sites and the first fault of each site; the pairs map to Schedule values.

import fc from 'fast-check';
import type { FaultSpace, Schedule } from './types.js';

export interface ScheduleArbOptions {
  /** Most faults in one schedule (default 3). */
  maxFaults?: number;
}

export type RawSchedule = [number, number][];

export function toSchedule(space: FaultSpace, raw: RawSchedule): Schedule {
  return raw
    .map(([s, f]) => {
      const site = space.sites[s]!;
      return { site, fault: site.faults[f % site.faults.length]! };
    })
    .sort((a, b) => a.site.seq - b.site.seq);
}

export function scheduleArbitrary(space: FaultSpace, opts: ScheduleArbOptions = {}): fc.Arbitrary<Schedule> {
  const maxFaultsPerSite = Math.max(...space.sites.map((s) => s.faults.length));
  const pair = fc.tuple(fc.nat({ max: space.sites.length - 1 }), fc.nat({ max: maxFaultsPerSite - 1 }));
  const maxLength = Math.min(opts.maxFaults ?? 3, space.sites.length);
  return fc
    .uniqueArray(pair, { minLength: 1, maxLength, selector: (p) => p[0] })
    .map((raw) => toSchedule(space, raw));
}
