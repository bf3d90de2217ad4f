// Step 3: run the target under one schedule and judge it: the scenario's own expectations (through
// runScenario), then the caller's TS predicate, if any.

import { runScenario, type Scenario, type ScenarioVerdict } from '../scenarios/index.js';
import { scheduleRules } from './compile.js';
import { guardRules } from './guard.js';
import type { Schedule } from './types.js';

/** A TS predicate over a run: return a reason to fail it. */
export type ExploreCheck = (verdict: ScenarioVerdict, schedule: Schedule) => string | undefined | void | Promise<string | undefined | void>;

export interface Evaluation {
  passed: boolean;
  reasons: string[];
  verdict: ScenarioVerdict;
}

export function scheduledScenario(scenario: Scenario, schedule: Schedule): Scenario {
  return { ...scenario, rules: [...scenario.rules, ...guardRules(), ...scheduleRules(schedule)] };
}

export async function evaluateSchedule(scenario: Scenario, schedule: Schedule, opts: { check?: ExploreCheck; baseDir?: string } = {}): Promise<Evaluation> {
  const verdict = await runScenario(scheduledScenario(scenario, schedule), opts.baseDir !== undefined ? { baseDir: opts.baseDir } : {});
  const reasons = [...verdict.reasons];
  if (opts.check && verdict.record) {
    try {
      const r = await opts.check(verdict, schedule);
      if (typeof r === 'string' && r !== '') reasons.push(`check: ${r}`);
    } catch (error) {
      reasons.push(`check: threw ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { passed: reasons.length === 0, reasons, verdict };
}
