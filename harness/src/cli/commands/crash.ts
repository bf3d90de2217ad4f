// `sct crash scenarios/x.ts`: record the scenario once, then check every state a power loss could
// leave its work directory in (harness/src/crash, docs/crash.md).

import { cpus } from 'node:os';
import { relative } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { UsageError } from '../../errors.js';
import { durationToUs } from '../../rules/builder/index.js';
import { loadScenarioFile, type Scenario } from '../../scenarios/index.js';
import { crash, DEFAULT_MAX_LOST, MODELS, readSavedState, replayState, summaryText, writeViolation, type CrashOptions, type CrashProgress, type ModelName } from '../../crash/index.js';
import { CommandLineError, EXIT, fromCommandLine, reportError } from '../exit.js';
import { DESCRIPTIONS } from './descriptions.js';

export interface CrashCommandOptions {
  scenario?: string;
  seed?: string;
  budget?: string;
  model?: string;
  maxLost?: string;
  out?: string;
  workers?: string;
  replay?: string;
}

const whole = (name: string, v: string, min = 0): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`Expected \`--${name}\` to be a whole number${min > 0 ? ` of at least ${min}` : ''}, got \`${v}\``);
  return n;
};

/** `--budget 500` (states per model) or `--budget 90s` (time for all models). */
function budget(v: string): Pick<CrashOptions, 'budgetRuns' | 'budgetMs'> {
  if (/^\d+$/.test(v)) return { budgetRuns: whole('budget', v, 1) };
  const us = durationToUs(v);
  if (us === undefined || us < 1000) throw new UsageError(`Expected \`--budget\` to be a number of states (500) or a duration (90s, 10m), got \`${v}\``);
  return { budgetMs: Math.round(us / 1000) };
}

function models(v: string): ModelName[] {
  const names = v === 'all' ? [...MODELS] : v.split(',').map((x) => x.trim());
  for (const n of names) if (!(MODELS as readonly string[]).includes(n)) throw new UsageError(`Expected \`--model\` to be ${MODELS.map((m) => `'${m}'`).join(', ')}, a comma-separated list of them, or 'all', got \`${n}\``);
  return names as ModelName[];
}

function pick(all: Scenario[], file: string, name: string | undefined): Scenario {
  if (name === undefined) {
    const withCrash = all.find((s) => s.crash !== undefined);
    return withCrash ?? all[0]!;
  }
  const s = all.find((x) => x.name === name);
  if (!s) throw new CommandLineError(`Expected \`--scenario\` to name a scenario of ${file} (${all.map((x) => x.name).join(', ')}), got \`${name}\``);
  return s;
}

function progress(stream: NodeJS.WriteStream = process.stderr): { update: (p: CrashProgress) => void; stop: () => void } {
  if (stream.isTTY !== true) {
    let last = Date.now();
    return {
      update: (p) => {
        if (Date.now() - last < 5000) return;
        last = Date.now();
        stream.write(`sct crash: ${p.model}: ${p.checked} states checked\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar({ format: 'sct crash {model} [{bar}] {value}/{total} states', stream, hideCursor: true }, cliProgress.Presets.shades_classic);
  let model = '';
  return {
    update: (p) => {
      if (p.model !== model) {
        if (model !== '') bar.stop();
        model = p.model;
        bar.start(Number.isFinite(p.planned) ? p.planned : p.checked, p.checked, { model: p.model.padEnd(13) });
      } else bar.update(p.checked);
    },
    stop: () => (model !== '' ? bar.stop() : undefined),
  };
}

/** Returns the exit code: 0 no violating state, 1 one found; throws on sct's own failure (125). */
export async function crashCommand(file: string, o: CrashCommandOptions, write: (t: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  const opts: CrashOptions = fromCommandLine(() => ({
    ...(o.seed !== undefined ? { seed: whole('seed', o.seed) } : {}),
    ...(o.budget !== undefined ? budget(o.budget) : {}),
    ...(o.model !== undefined ? { models: models(o.model) } : {}),
    ...(o.maxLost !== undefined ? { maxLost: whole('max-lost', o.maxLost) } : {}),
    workers: o.workers !== undefined ? whole('workers', o.workers, 1) : Math.max(1, cpus().length),
  }));
  const all = await loadScenarioFile(file);
  if (o.replay !== undefined) {
    const saved = readSavedState(o.replay);
    const scenario = pick(all, file, o.scenario ?? saved.scenario);
    const v = await replayState(scenario, saved);
    write(`${scenario.name}: state saved by sct crash (${saved.model}, power lost after operation ${saved.cut}):\n${saved.lost.map((w) => `  ${w}\n`).join('')}`);
    write(v.reasons.length ? `still violated:\n${v.reasons.map((x) => `  - ${x}`).join('\n')}\n` : 'passes now\n');
    return v.reasons.length ? EXIT.CHECK_FAILED : EXIT.OK;
  }
  const scenario = pick(all, file, o.scenario);
  const view = progress();
  let result;
  try {
    result = await crash(scenario, { ...opts, onProgress: (p) => view.update(p) });
  } finally {
    view.stop();
  }
  const outDir = o.out ?? 'sct-crash';
  const replayFor = (state: string): string => `sct crash ${relative(process.cwd(), file) || file} --scenario ${scenario.name} --replay ${state}`;
  const written = new Map<ModelName, string>();
  for (const m of result.models) {
    if (!m.violation) continue;
    const files = writeViolation(result, m, outDir, replayFor);
    written.set(m.model, `${replayFor(relative(process.cwd(), files.state))}\n  report: ${relative(process.cwd(), files.markdown)}, ${relative(process.cwd(), files.html)}; the state: ${relative(process.cwd(), files.stateDir)}/`);
  }
  write(summaryText(result, (m) => written.get(m.model)));
  return result.models.some((m) => m.violation) ? EXIT.CHECK_FAILED : EXIT.OK;
}

export function registerCrash(program: Command): void {
  program
    .command('crash')
    .description(DESCRIPTIONS.crash)
    .argument('<file>', 'scenario file (its first scenario with a `crash` field, or --scenario)')
    .option('--scenario <name>', 'which scenario of the file')
    .option('--model <name>', `persistence model: ${MODELS.join(', ')}, a comma-separated list, or all (default reorder)`)
    .option('--max-lost <n>', `reorder: most lost or torn operations in one state (default ${DEFAULT_MAX_LOST})`)
    .option('--budget <n|duration>', 'at most n distinct states per model, or stop after this long (90s); a model with more points than n is sampled')
    .option('--seed <n>', "fast-check's seed for sampled models (default: from the clock; printed)")
    .option('--workers <k>', 'states checked at a time, each in its own directory with its own recovery run (default: CPUs)')
    .option('--out <dir>', 'where reports and violating states go (default sct-crash)')
    .option('--replay <state.json>', 'check a state saved by an earlier run again (after a fix: exits 0 when it passes now)')
    .action(async (file: string, o: CrashCommandOptions) => {
      try {
        process.exitCode = await crashCommand(file, o);
      } catch (error) {
        process.exitCode = reportError(error, EXIT.RUN_INTERNAL);
      }
    });
}
