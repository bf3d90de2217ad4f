// `sct run` takes either a command after `--`, or scenario files: `sct run scenarios/x.ts 'scenarios/*.ts'`.

import { Option } from 'commander';
import { UsageError } from '../errors.js';
import { SCENARIO_REPORTERS, type ScenarioReporter } from './scenario-run.js';

const SCENARIO_FILE = /\.(ts|mts|cts)$/;

/**
 * Scenario mode when no `--` separates a command and every positional names a TypeScript file or
 * a glob of them. `sct run -- ./tool.ts` still runs tool.ts as a program.
 */
export function isScenarioInvocation(positionals: readonly string[], rawArgv: readonly string[] = process.argv): boolean {
  if (positionals.length === 0 || rawArgv.includes('--')) return false;
  return positionals.every((p) => SCENARIO_FILE.test(p));
}

export function reporterOption(): Option {
  return new Option('--reporter <name>', 'scenario report format').choices([...SCENARIO_REPORTERS]).default('human');
}

export function parseJobs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`Expected the \`--jobs\` option to be a positive integer, got \`${text}\``);
  return n;
}

export type { ScenarioReporter };
