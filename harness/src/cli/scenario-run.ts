// `sct run scenarios/x.ts ...`: load scenario files, run them in parallel, report. A file that
// does not load is reported as a failed scenario named after it, so one bad file does not hide
// the others' results.

import { relative } from 'node:path';
import { UsageError } from '../errors.js';
import { findScenarioFiles, loadScenarioFile, runScenarios, type Scenario, type ScenarioVerdict } from '../scenarios/index.js';
import { EXIT } from './exit.js';
import { humanSummary, humanVerdict } from './scenario-report-human.js';
import { jsonReport } from './scenario-report-json.js';
import { tapHeader, tapVerdict } from './scenario-report-tap.js';

export type ScenarioReporter = 'human' | 'tap' | 'json';
export const SCENARIO_REPORTERS: readonly ScenarioReporter[] = ['human', 'tap', 'json'];

export interface ScenarioCommandOptions {
  reporter: ScenarioReporter;
  jobs?: number;
  /** Where the report goes (default: process.stdout). */
  write?: (text: string) => void;
  cwd?: string;
}

const GLOB_CHARS = /[*?[\]{}]/;

/** Files as given; patterns with glob characters are expanded. */
async function expand(files: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) out.push(...(GLOB_CHARS.test(f) ? await findScenarioFiles([f], cwd) : [f]));
  return out;
}

type Loaded = { scenarios: Scenario[] } | { failed: ScenarioVerdict };

async function load(file: string, cwd: string): Promise<Loaded> {
  try {
    return { scenarios: await loadScenarioFile(file, cwd) };
  } catch (error) {
    const e = error as Error & { code?: string };
    const name = relative(cwd, file) || file;
    return { failed: { name, file, passed: false, reasons: [`load: ${e.message}${e.code ? ` [${e.code}]` : ''}`], injections: [], durationMs: 0 } };
  }
}

export async function runScenarioCommand(files: string[], opts: ScenarioCommandOptions): Promise<number> {
  if (!SCENARIO_REPORTERS.includes(opts.reporter)) {
    throw new UsageError(`Expected the \`--reporter\` option to be one of ${SCENARIO_REPORTERS.join(', ')}, got \`${String(opts.reporter)}\``);
  }
  const write = opts.write ?? ((t: string) => void process.stdout.write(t));
  const cwd = opts.cwd ?? process.cwd();
  const paths = await expand(files, cwd);
  if (paths.length === 0) throw new UsageError(`Expected scenario files, got none matching \`${files.join(' ')}\``);
  const loaded = await Promise.all(paths.map((f) => load(f, cwd)));
  // Slots in file order: load failures hold their verdict, scenarios get theirs as runs finish.
  const slots = loaded.flatMap((l): (ScenarioVerdict | Scenario)[] => ('failed' in l ? [l.failed] : l.scenarios));
  const toRun = slots.filter((s): s is Scenario => 'kind' in s);
  const verdicts: (ScenarioVerdict | undefined)[] = slots.map((s) => ('kind' in s ? undefined : s));
  const slotOf = slots.map((s, i) => ('kind' in s ? i : -1)).filter((i) => i >= 0);

  if (opts.reporter === 'tap') write(tapHeader(slots.length));
  let printed = 0;
  const flush = (): void => {
    if (opts.reporter === 'json') return;
    while (printed < verdicts.length && verdicts[printed]) {
      const v = verdicts[printed]!;
      write(opts.reporter === 'tap' ? tapVerdict(v, printed + 1) : humanVerdict(v));
      printed++;
    }
  };
  flush();
  await runScenarios(toRun, {
    ...(opts.jobs !== undefined ? { jobs: opts.jobs } : {}),
    onVerdict: (v, i) => {
      verdicts[slotOf[i]!] = v;
      flush();
    },
  });
  const all = verdicts as ScenarioVerdict[];
  if (opts.reporter === 'json') write(jsonReport(all));
  else if (opts.reporter === 'human') write(humanSummary(all));
  return all.every((v) => v.passed) ? EXIT.OK : EXIT.CHECK_FAILED;
}
