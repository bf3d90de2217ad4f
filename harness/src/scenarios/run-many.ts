// Many scenarios at once, at most `jobs` at a time (default: the number of CPUs).

import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';
import { runScenario } from './run-scenario.js';
import type { RunScenarioOptions, Scenario, ScenarioVerdict } from './types.js';

export interface RunScenariosOptions extends RunScenarioOptions {
  jobs?: number;
  /** Called as each verdict is ready (in completion order). */
  onVerdict?: (verdict: ScenarioVerdict, index: number) => void;
}

/** Verdicts in the order the scenarios were given. */
export async function runScenarios(scenarios: readonly Scenario[], opts: RunScenariosOptions = {}): Promise<ScenarioVerdict[]> {
  const jobs = opts.jobs ?? availableParallelism();
  if (!Number.isSafeInteger(jobs) || jobs < 1) throw new UsageError(`Expected the \`jobs\` option to be a positive integer, got \`${jobs}\` (${typeof jobs})`);
  const verdicts = new Array<ScenarioVerdict>(scenarios.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < scenarios.length) {
      const i = next++;
      const v = await runScenario(scenarios[i]!, opts);
      verdicts[i] = v;
      opts.onVerdict?.(v, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, scenarios.length) }, worker));
  return verdicts;
}
