// `npm run bench:explore-limit`: `sct explore` against its limit, the target's own run time.
// For each C demo target (fixed variant, so that every schedule runs), measured side by side in
// one run:
//   - bare: the same binary run N times with no sct by bench/c/bare-runs.c, each run in a fresh
//     work directory holding the scenario's files and with its stdin (or /dev/null), as explore
//     runs it, and nothing else spawned (a shell loop's mkdir, cp and rm would triple the cost);
//   - K=1 and K=2: one `sct explore --runs N --workers K` invocation each, start-up included
//     (recording, building the target from its cached binary, worker start).
// Prints a markdown table of runs/s and the ratios the goals name (K=1 / bare >= 0.5,
// K=2 / K=1 >= 1.8 on 2 CPUs). Asserts nothing.
//
//   npx tsx bench/explore-limit.ts [--runs 300] [--targets config-reader,journal] [--seed N]

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TARGETS } from '../test/native/explore/targets.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const targetsFile = join(root, 'test/native/explore/targets.ts');
const cli = join(root, 'dist/harness/src/cli/main.js');

const { values: o } = parseArgs({
  options: {
    runs: { type: 'string', default: '300' },
    targets: { type: 'string' },
    seed: { type: 'string', default: '20261204' },
  },
});
const runs = Number(o.runs);
if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`Expected --runs to be a positive integer, got ${o.runs}`);
const wanted = o.targets?.split(',');
const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const dir = mkdtempSync(join(tmpdir(), 'sct-bench-limit-'));
const bareRuns = join(dir, 'bare-runs');
execFileSync('cc', ['-O2', '-o', bareRuns, join(here, 'c/bare-runs.c')]);
const rows: string[] = [];
const loadBefore = load();
try {
  for (const [name, factory] of TARGETS) {
    const s = factory('fixed');
    if (s.target.c === undefined || (wanted && !wanted.includes(name))) continue;
    // The C source path is relative to the scenario's file (test/native/explore/targets.ts).
    const src = resolve(dirname(targetsFile), s.target.c);
    const bin = join(dir, name);
    execFileSync('cc', ['-O2', '-o', bin, src, ...(s.target.defines ?? []).map((d) => `-D${d}`)]);
    const template = join(dir, `${name}.files`);
    mkdirSync(template);
    for (const [file, text] of Object.entries(s.target.files ?? {})) writeFileSync(join(template, file), text);
    const stdin = join(dir, `${name}.stdin`);
    writeFileSync(stdin, s.target.stdin ?? '');
    const bare = runs / Number(execFileSync(bareRuns, [String(runs), template, stdin, dir, bin, ...(s.target.args ?? [])], { encoding: 'utf8' }));

    const explore = (k: number): number | string => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'explore', targetsFile, '--scenario', s.name, '--runs', String(runs), '--workers', String(k), '--budget', '1200s', '--seed', o.seed, '--out', join(dir, 'out')], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const wall = (performance.now() - t0) / 1000;
      const done = /(\d+) runs in [\d.]+ s/.exec(r.stdout + r.stderr);
      if (r.status !== 0 || !done) return `failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0]}`;
      return Number(done[1]) / wall;
    };
    const k1 = explore(1);
    const k2 = availableParallelism() >= 2 ? explore(2) : 'one CPU';
    const fmt = (x: number | string): string => (typeof x === 'number' ? x.toFixed(1) : x);
    const ratio = (a: number | string, b: number | string): string => (typeof a === 'number' && typeof b === 'number' ? `${(a / b).toFixed(2)}x` : '-');
    rows.push(`| ${name} | ${fmt(bare)} | ${fmt(k1)} | ${fmt(k2)} | ${ratio(k1, bare)} | ${ratio(k2, k1)} |`);
    process.stderr.write(`${rows.at(-1)}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

process.stdout.write(
  [
    `${runs} runs per cell, runs/s with start-up included (${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} CPUs, load ${loadBefore} before, ${load()} after).`,
    '',
    '| target (fixed) | bare loop | explore K=1 | explore K=2 | K=1 / bare (goal >= 0.5) | K=2 / K=1 (goal >= 1.8) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n') + '\n',
);
