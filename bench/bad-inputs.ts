// `npx tsx bench/bad-inputs.ts [--before DIR]`: how long `sct config check` takes to refuse large
// bad inputs (test/fixtures/invalid/large-inputs.ts), and how much it prints. The goal: any refused
// input up to 10 MB answered in under 2 s. Scales: the sizes; just under the 1 MiB a rule
// file may have (the most sct reads and works on); 10 MB. Command-line inputs stop at what Linux
// passes (about 1.5 MB). --before DIR runs the same inputs, in turn, with another built checkout,
// for before/after figures from one run. `cpu s` is the CPU time (user + system) the run used, which
// a loaded machine stretches less than the wall clock. Prints a markdown table; asserts nothing (the test bounds only the output).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LARGE_INPUTS } from '../test/fixtures/invalid/large-inputs.js';

const { values: o } = parseArgs({ options: { before: { type: 'string' } } });
const cliOf = (root: string) => join(root, 'dist/harness/src/cli/main.js');
const builds = [cliOf(join(import.meta.dirname, '..')), ...(o.before ? [cliOf(resolve(o.before))] : [])];
const dir = mkdtempSync(join(tmpdir(), 'sct-bench-bad-'));
const TIMEOUT_MS = Number(process.env.SCT_BENCH_TIMEOUT_MS ?? 120_000);
const MB = 2 ** 20;
const SCALES: [label: string, bytes?: number][] = [['issue', undefined], ['< 1 MiB', MB - 1024], ['10 MB', 10 * MB]];

const size = (args: string[]) => args.reduce((n, a) => n + (a.startsWith(dir) ? statSync(a).size : a.length), 0);
const CPU_MARK = 'sct-bench-cpu ';
/** Preloaded in each run: prints the run's own CPU time last (no wrapper to outlive a timeout). */
const cpuReport = join(dir, 'cpu-report.cjs');
writeFileSync(cpuReport, `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('${CPU_MARK}' + (u.user + u.system) / 1e6); });\n`);

/** Seconds (or why not), CPU seconds, exit code, stderr lines and bytes of one run. */
function run(cli: string, args: string[]): string[] {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', cpuReport, cli, 'config', 'check', ...args], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: TIMEOUT_MS });
  const s = ((performance.now() - t0) / 1000).toFixed(2);
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  const [stderr = '', cpu] = (r.stderr ?? '').split(CPU_MARK);
  return [code === 'ETIMEDOUT' ? `> ${TIMEOUT_MS / 1000}` : (code ?? s), cpu ? Number(cpu).toFixed(2) : '-', String(r.status), String(stderr.split('\n').length - 1), String(stderr.length)];
}

const cols = ['s', 'cpu s', 'exit', 'stderr lines', 'stderr bytes'];
const head = builds.length > 1 ? cols.flatMap((c) => [c, `${c} before`]) : cols;
console.log(`| input | scale | size | ${head.join(' | ')} |`);
console.log(`| --- | --- | --- | ${head.map(() => '---').join(' | ')} |`);
try {
  for (const input of LARGE_INPUTS) {
    for (const [label, bytes] of SCALES) {
      const scale = bytes === undefined ? 1 : bytes / size(input.make(dir, 1));
      const args = input.make(dir, scale);
      const results = builds.map((cli) => run(cli, args));
      const cells = cols.flatMap((_, i) => results.map((r) => r[i]!));
      console.log(`| ${input.name} | ${label} | ${(size(args) / MB).toFixed(2)} MB | ${cells.join(' | ')} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
