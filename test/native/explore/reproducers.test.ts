// Every reproducer explore writes runs with `sct run` and fails the same way: explore every demo
// scenario of scenarios/ that passes on its own (the others have nothing to explore), and run the
// reproducer of each failure found through the CLI. Seed fixed (SCT_EXPLORE_SEED overrides).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { explore } from '../../../harness/src/explore/index.js';
import { BaselineFailsError, EmptyFaultSpaceError } from '../../../harness/src/explore/errors.js';
import { packageRoot } from '../../../harness/src/paths.js';
import { loadScenarioFile, type Scenario } from '../../../harness/src/scenarios/index.js';

const SEED = Number(process.env.SCT_EXPLORE_SEED ?? 20_260_127);
const root = packageRoot();
const out = mkdtempSync(join(tmpdir(), 'sct-repro-test-'));
const files = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.ts')).sort();
// Crash scenarios (scenarios/crash-*.ts) are left out: their `expect` describes the unfaulted run
// that `sct crash` records, so any fault breaks them and exploring them checks nothing new.
const scenarios: [string, Scenario][] = (await Promise.all(files.map((f) => loadScenarioFile(join(root, 'scenarios', f)))))
  .flat()
  .filter((s) => s.crash === undefined)
  .map((s) => [s.name, s]);

describe.each(scenarios)('%s', (name, scenario) => {
  it('a failure explore finds: its reproducer fails under `sct run` with the same reasons', async (ctx) => {
    const result = await explore(scenario, { seed: SEED, runs: 30, workers: 1, budgetMs: 20_000, outDir: join(out, name) }).catch((error: unknown) => {
      if (error instanceof BaselineFailsError || error instanceof EmptyFaultSpaceError) return undefined;
      throw error;
    });
    if (!result?.counterexample) {
      const why = result ? `explore found no failure in ${result.runs} runs (seed ${SEED}): no reproducer to check` : 'explore could not search this scenario (its baseline fails, or nothing is left to fault)';
      ctx.task.meta.skipReason = why;
      console.log(`skipped: ${why}`);
      return ctx.skip(why);
    }
    const repro = result.files!.reproducer!;
    const run = await promisify(execFile)(process.execPath, [join(root, 'dist/harness/src/cli/main.js'), 'run', '--reporter', 'json', repro], { cwd: root, timeout: 60_000 })
      .then(() => ({ code: 0, stdout: '' }), (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }));
    expect(run.code, run.stdout).toBe(1);
    const doc = JSON.parse(run.stdout) as { scenarios: { name: string; reasons: string[] }[] };
    expect(doc.scenarios.map((s) => [s.name, s.reasons])).toEqual([[`${name}-repro`, result.counterexample.reasons]]);
  }, 240_000);
});
