// Runs explore() over and over in one plain node process (the built library, dist/, through
// 'syscalltrack/explore'), K = 1, on the journal demo target (fixed: no failure ends a search),
// and measures what a CI job exploring for a long time would see: RSS (the supervisor lives in this
// process) and the JS heap, each after a full collection, at 1,000 runs and at the end.
// Used by .ci/run's host stress step (issue #16, goal 4).
//   node --expose-gc explore-leak.mjs [RUNS=10000] [BUDGET_S=900]
// Prints a line per 1,000 runs and one JSON line; exits 1 when RSS or the heap grew by more than
// 10% from 2,000 runs to the end (V8 keeps optimizing code for the first few thousand runs: a
// heap-snapshot diff over runs 300-1,200 showed only code objects growing, about 0.5 MiB, which
// levels off by 4,000). A budget that ends it before RUNS is said, not failed (the
// figures then compare 1,000 runs with as far as it got).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { defineScenario } = await import(join(root, 'dist', 'harness', 'src', 'index.js'));
const { explore } = await import(join(root, 'dist', 'harness', 'src', 'explore', 'index.js'));

const runs = Number(process.argv[2] ?? 10_000);
const budgetS = Number(process.argv[3] ?? 900);
if (!Number.isInteger(runs) || runs < 2000) throw new Error(`Expected RUNS to be an integer of at least 2000, got \`${process.argv[2]}\``);
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc (memory is compared after a full collection)');
const SLACK = 0.1;
const BATCH = 1000; // one explore() per 1,000 runs, each with its own seed

const scenario = defineScenario({
  name: 'explore-leak-journal-fixed',
  target: { c: join(root, 'scenarios', 'targets', 'journal.c'), defines: ['FIXED'], files: { 'state.txt': 'counter=1\n' } },
  rules: [],
  expect: { signal: 'none' },
});
const mib = (bytes) => Number((bytes / 2 ** 20).toFixed(1));
const memory = () => {
  globalThis.gc();
  const m = process.memoryUsage();
  return { rssMiB: mib(m.rss), heapMiB: mib(m.heapUsed) };
};

const t0 = performance.now();
const marks = [];
let done = 0;
for (let seed = 1; done < runs && performance.now() - t0 < budgetS * 1000; seed++) {
  const r = await explore(scenario, { runs: Math.min(BATCH, runs - done), seed, workers: 1, budgetMs: budgetS * 1000 });
  if (r.counterexample) throw new Error(`the fixed journal failed under ${JSON.stringify(r.counterexample.reasons)}`);
  done += r.runs;
  marks.push({ runs: done, seconds: Number(((performance.now() - t0) / 1000).toFixed(1)), ...memory() });
  const m = marks.at(-1);
  console.log(`${m.runs} runs, ${m.seconds} s: RSS ${m.rssMiB} MiB, JS heap ${m.heapMiB} MiB`);
}
const first = marks.find((m) => m.runs >= 2 * BATCH);
const last = marks.at(-1);
const grew = (a, b) => b > a * (1 + SLACK);
const ok = first !== undefined && !grew(first.rssMiB, last.rssMiB) && !grew(first.heapMiB, last.heapMiB);
if (done < runs) console.log(`stopped by the ${budgetS} s budget at ${done} of ${runs} runs`);
const at1000 = marks.find((m) => m.runs >= BATCH);
console.log(`explore, K=1: at ${at1000?.runs} runs RSS ${at1000?.rssMiB} MiB, JS heap ${at1000?.heapMiB} MiB; from ${first?.runs} to ${done} of ${runs} runs (budget ${budgetS} s): RSS ${first?.rssMiB} -> ${last?.rssMiB} MiB, JS heap ${first?.heapMiB} -> ${last?.heapMiB} MiB`);
console.log(JSON.stringify({ runs, done, budgetS, marks }));
process.exitCode = ok ? 0 : 1;
