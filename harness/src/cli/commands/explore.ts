// `sct explore scenarios/x.ts`: search for the fault schedule that breaks the scenario
// (harness/src/explore, docs/explore.md).

import type { Command } from 'commander';
import { DESCRIPTIONS } from './descriptions.js';
import { relative } from 'node:path';
import { UsageError } from '../../errors.js';
import { durationToUs } from '../../rules/builder/index.js';
import { loadScenarioFile } from '../../scenarios/index.js';
import { explore, faultText, parseShard, type ExploreOptions, type ExploreResult } from '../../explore/index.js';
import { markdownReport } from '../../explore/report-markdown.js';
import { replayCommand } from '../../explore/outputs.js';
import { progressView } from '../../explore/progress.js';
import { CommandLineError, EXIT, fromCommandLine, reportError } from '../exit.js';
import { collect } from '../options.js';

export interface ExploreCommandOptions {
  scenario?: string;
  runs?: string;
  budget?: string;
  seed?: string;
  path?: string;
  workers?: string;
  shard?: string;
  out?: string;
  maxFaults?: string;
  exclude: string[];
  include: string[];
}

const int = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new UsageError(`Expected \`--${name}\` to be a whole number, got \`${v}\``);
  return n;
};

function budgetMs(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const us = durationToUs(v);
  if (us === undefined || us < 1000) throw new UsageError(`Expected \`--budget\` to be a duration such as '60s' or '500ms', got \`${v}\``);
  return Math.round(us / 1000);
}

function summary(r: ExploreResult): string {
  const head = `${r.scenario.name}: ${r.runs} runs in ${(r.searchMs / 1000).toFixed(1)} s (${r.runsPerSecond.toFixed(1)}/s), fault space ${r.space.size} on ${r.space.sites.length} sites, seed ${r.seed}` +
    (r.pool.processes > 0 ? `\nworkers: ${r.pool.processRuns} runs in ${r.pool.processes} worker process(es), ${r.pool.localRuns} in this one` : '') +
    r.pool.notes.map((n) => `\nnote: ${n}`).join('');
  const cx = r.counterexample;
  if (!cx) return `${head}\nno failure found\n`;
  return `${head}\nFAILED with ${cx.schedule.map((f) => `${f.site.id} ${faultText(f.fault)}`).join(' + ')}\n` +
    `${cx.reasons.map((x) => `  - ${x}`).join('\n')}\nreplay: ${replayCommand(r)} --seed ${r.seed} --path ${cx.path}\n` +
    (r.files ? `${r.files.reproducer ? `reproducer: ${relative(process.cwd(), r.files.reproducer)}\n` : ''}report: ${relative(process.cwd(), r.files.markdown)}, ${relative(process.cwd(), r.files.html)}\n` : '');
}

/** Returns the exit code: 0 nothing found, 1 a failing schedule found; throws on sct's own failure (125). */
export async function exploreCommand(file: string, o: ExploreCommandOptions, write: (t: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  const opts: ExploreOptions = fromCommandLine(() => ({
    outDir: o.out ?? 'sct-explore',
    onProgress: (p) => view.update(p),
    ...(o.runs !== undefined ? { runs: int('runs', o.runs)! } : {}),
    ...(o.budget !== undefined ? { budgetMs: budgetMs(o.budget)! } : {}),
    ...(o.seed !== undefined ? { seed: int('seed', o.seed)! } : {}),
    ...(o.path !== undefined ? { path: o.path } : {}),
    ...(o.workers !== undefined ? { workers: int('workers', o.workers)! } : {}),
    ...(o.shard !== undefined ? { shard: parseShard(o.shard) } : {}),
    ...(o.maxFaults !== undefined ? { maxFaults: int('max-faults', o.maxFaults)! } : {}),
    ...(o.exclude.length ? { exclusions: { syscalls: o.exclude } } : {}),
  }));
  const all = await loadScenarioFile(file);
  const scenario = o.scenario === undefined ? all[0]! : all.find((s) => s.name === o.scenario);
  if (!scenario) throw new CommandLineError(`Expected \`--scenario\` to name a scenario of ${file} (${all.map((s) => s.name).join(', ')}), got \`${o.scenario}\``);
  if (o.include.length) {
    const { DEFAULT_EXCLUSIONS } = await import('../../explore/exclusions.js');
    const keep = (xs: string[]): string[] => xs.filter((x) => !o.include.includes(x));
    const rt = DEFAULT_EXCLUSIONS.runtimes;
    opts.exclusions = { ...opts.exclusions, runtimes: { native: { ...rt.native, syscalls: keep(rt.native.syscalls) }, node: { ...rt.node, syscalls: keep(rt.node.syscalls) } } };
  }
  const view = progressView();
  let result: ExploreResult;
  try {
    result = await explore(scenario, opts);
  } finally {
    view.stop();
  }
  write(summary(result));
  if (process.env.GITHUB_STEP_SUMMARY === undefined && process.env.CI) write(`\n${markdownReport(result, { command: replayCommand(result) })}`);
  return result.counterexample ? EXIT.CHECK_FAILED : EXIT.OK;
}

export function registerExplore(program: Command): void {
  program
    .command('explore')
    .description(DESCRIPTIONS.explore)
    .argument('<file>', 'scenario file')
    .option('--scenario <name>', 'which scenario of the file (default: the first)')
    .option('--runs <n>', 'schedules to try (default 60)')
    .option('--budget <duration>', "stop starting runs after this long, e.g. '60s' (default 60s)")
    .option('--seed <n>', "fast-check's seed (default: from the clock; printed)")
    .option('--path <path>', "fast-check's replay path (with --seed): replay and shrink from there")
    .option('--workers <k>', 'runs at a time: this process and k-1 worker processes, each pinned to a CPU (default 2; 1 on a single CPU)')
    .option('--shard <i/n>', 'take schedules i, i+n, i+2n... of the seeded sequence')
    .option('--max-faults <n>', 'most faults in one schedule (default 3)')
    .option('--out <dir>', 'where the reproducer and reports go (default sct-explore)')
    .option('--exclude <syscall>', 'leave this syscall out of the fault space (repeatable)', collect, [])
    .option('--include <syscall>', 'put a runtime-internal syscall back in (repeatable)', collect, [])
    .action(async (file: string, o: ExploreCommandOptions) => {
      try {
        process.exitCode = await exploreCommand(file, o);
      } catch (error) {
        process.exitCode = reportError(error, EXIT.RUN_INTERNAL);
      }
    });
}
