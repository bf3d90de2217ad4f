// `npm run bench:explore`: `sct explore` with K workers next to K = 1, measured side by side in one
// run. Absolute runs/s drift on a shared machine; what counts is the ratio of measurements taken
// next to each other. Each round runs every K once (order reversed every other round, so that a
// drift favours no K), on the same seed and schedules. Prints a markdown table: the median search
// runs/s per K, the median of the per-round ratios, the end-to-end time (worker start-up
// included), the load average before and after. Asserts nothing.
//
//   npx tsx bench/explore-workers.ts [--target read-all] [--variant fixed] [--runs 120]
//                                    [--rounds 5] [--workers 1,2] [--seed N] [--cold] [--hold-vm-lock]
//
// Worker processes serve every explore() of a process (worker-cache.ts), so by default the rounds
// measure warm workers, as a test file's explorations get them. --cold ends them before every
// exploration: each one pays the workers' start-up, as a single `sct explore` command does.
//
// --hold-vm-lock takes .vm-cache/qemu.lock (the lock VM runs take, vagrant/build/lock.mjs) for the
// whole bench, so that no qemu guest runs beside it; it waits while a VM run holds it.

import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { explore, type ExploreResult } from '../harness/src/explore/index.js';
import { closeIdleWorkers } from '../harness/src/explore/worker-cache.js';
import { TARGETS, type Variant } from '../test/native/explore/targets.js';

const { values: o } = parseArgs({
  options: {
    target: { type: 'string', default: 'read-all' },
    variant: { type: 'string', default: 'fixed' },
    runs: { type: 'string', default: '120' },
    rounds: { type: 'string', default: '5' },
    workers: { type: 'string', default: '1,2' },
    seed: { type: 'string', default: '20260127' },
    cold: { type: 'boolean', default: false },
    'hold-vm-lock': { type: 'boolean', default: false },
  },
});
const entry = TARGETS.find(([name]) => name === o.target);
if (!entry) throw new Error(`Expected \`--target\` to be one of ${TARGETS.map(([n]) => n).join(', ')}, got \`${o.target}\``);
if (o.variant !== 'buggy' && o.variant !== 'fixed') throw new Error(`Expected \`--variant\` to be buggy or fixed, got \`${o.variant}\``);
const [, factory, exclusions] = entry;
const runs = Number(o.runs);
const rounds = Number(o.rounds);
const seed = Number(o.seed);
const ks = o.workers.split(',').map(Number);
if (![runs, rounds, seed, ...ks].every((n) => Number.isSafeInteger(n) && n > 0)) throw new Error(`Expected --runs, --rounds, --seed and --workers to be positive integers, got ${JSON.stringify(o)}`);

const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function bench(): Promise<string> {
  const loadBefore = load();
  const scenario = factory(o.variant as Variant);
  const opts = { seed, runs, ...(exclusions ? { exclusions } : {}) };
  // Warm-up: the C target is built, tsx's cache filled, the workers started (kept unless --cold).
  for (const k of ks) await explore(scenario, { ...opts, runs: Math.min(runs, 20), workers: k });
  const byK = new Map<number, ExploreResult[]>(ks.map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...ks].reverse() : ks;
    const line: string[] = [];
    for (const k of order) {
      if (o.cold) closeIdleWorkers();
      const r = await explore(scenario, { ...opts, workers: k });
      byK.get(k)!.push(r);
      line.push(`K=${k} ${r.runsPerSecond.toFixed(1)} runs/s (${r.pool.processRuns} in workers)`);
    }
    process.stderr.write(`round ${round + 1}/${rounds}: ${line.join(', ')}; load ${load()}\n`);
  }
  const base = byK.get(ks[0]!)!;
  const rows = ks.map((k) => {
    const rs = byK.get(k)!;
    const ratios = rs.map((r, i) => r.runsPerSecond / base[i]!.runsPerSecond);
    const total = rs.map((r, i) => base[i]!.durationMs / r.durationMs);
    const where = `${median(rs.map((r) => r.pool.processRuns))}/${runs} in ${rs[0]!.pool.processes} processes (CPUs ${rs[0]!.pool.cpus.join(',') || '-'})`;
    return `| ${k} | ${median(rs.map((r) => r.runsPerSecond)).toFixed(1)} | ${rs.map((r) => r.runsPerSecond.toFixed(1)).join(' ')} | ${median(ratios).toFixed(2)}x | ${(median(rs.map((r) => r.durationMs)) / 1000).toFixed(2)} s | ${median(total).toFixed(2)}x | ${k === 1 ? 'this process' : where} |`;
  });
  const faults = base[0]!.space.size;
  return [
    `\`sct explore\` on ${o.target} (${o.variant}), ${runs} runs of seed ${seed} (fault space ${faults}), ${rounds} rounds, K interleaved, ${o.cold ? 'cold workers (started for each exploration)' : 'warm workers (kept between explorations)'}; ${new Date().toISOString().slice(0, 16)}.`,
    `Load average before: ${loadBefore}; after: ${load()}.`,
    '',
    `| K | median runs/s | each round | median ratio to K=${ks[0]} (same round) | median end-to-end | end-to-end ratio | where the runs ran (median) |`,
    '|---:|---:|---|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

let text: string;
if (o['hold-vm-lock']) {
  const here = dirname(fileURLToPath(import.meta.url));
  mkdirSync(join(here, '../.vm-cache'), { recursive: true });
  const { withLock } = (await import(pathToFileURL(join(here, '../vagrant/build/lock.mjs')).href)) as { withLock: <T>(dir: string, fn: () => Promise<T>, o: object) => Promise<T> };
  text = await withLock(join(here, '../.vm-cache/qemu.lock'), bench, { waitMs: 60 * 60_000, what: 'VM run', log: (m: string) => process.stderr.write(`${m}\n`) });
} else text = await bench();
process.stdout.write(`${text}\n`);
