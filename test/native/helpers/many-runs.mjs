// Runs runWithRules() many times in one plain node process (the built library, dist/) and
// measures what a long-lived user of it (explore, scenario runs, a vitest suite) would see: its
// open fds and its RSS. Used by test/native/engine/run-leak.test.ts and the stress suite.
//   node --expose-gc many-runs.mjs RUNS [BUDGET_S]
// Prints one line of figures and one JSON line; exits 1 when the fd count grew, RSS grew by
// more than 10%, or the runs took longer than BUDGET_S seconds (default 600).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { runWithRules } = await import(join(root, 'dist', 'harness', 'src', 'index.js'));

const runs = Number(process.argv[2]);
const budgetS = Number(process.argv[3] ?? 600);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`Expected RUNS to be a positive integer, got \`${process.argv[2]}\``);
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc (RSS is compared after a full collection)');
const WARM_UP = 20; // the first runs load code and grow the heap once
const RSS_SLACK = 0.1;
// A full collection now and then: V8 otherwise lets its heap grow lazily to a size of its own
// choosing (bounded, not a leak: 60 -> 74 MiB over 1,000 runs). What a collection cannot free
// (native memory, objects still reachable) still shows.
const GC_EVERY = 50;

// tier 2 (a path filter): a listener and its thread, piped stdout and stderr
const rule = {
  syscalls: [{ kind: 'name', name: 'openat' }],
  phase: 'before',
  action: { type: 'FAIL', errno: 'EACCES' },
  trigger: { scope: 'tree' },
  filter: { type: 'compare', op: '==', left: { type: 'param', name: 'path' }, right: { type: 'string', value: '/nonexistent/sct-many-runs' } },
};
const oneRun = async () => {
  const r = await runWithRules({ command: 'cat', args: ['/etc/hostname'], rules: [rule] });
  if (r.exitCode !== 0) throw new Error(`cat exited ${r.exitCode}: ${r.stderr}`);
};
const openFds = () => readdirSync('/proc/self/fd').length;
const rss = () => {
  globalThis.gc();
  return process.memoryUsage().rss;
};
const mib = (bytes) => Number((bytes / 2 ** 20).toFixed(1));

for (let i = 0; i < WARM_UP; i++) await oneRun();
const fds = [openFds()];
const rssMiB = [mib(rss())];
const t0 = performance.now();
let done = 0;
for (; done < runs && performance.now() - t0 < budgetS * 1000; done++) {
  await oneRun();
  if (done % GC_EVERY === 0) globalThis.gc();
}
const seconds = Number(((performance.now() - t0) / 1000).toFixed(1));
fds.push(openFds());
rssMiB.push(mib(rss()));
const ok = done === runs && fds[1] <= fds[0] && rssMiB[1] <= rssMiB[0] * (1 + RSS_SLACK);
console.log(`${done} of ${runs} runs in ${seconds} s (budget ${budgetS} s): fds ${fds[0]} -> ${fds[1]}, RSS ${rssMiB[0]} -> ${rssMiB[1]} MiB`);
console.log(JSON.stringify({ runs, done, seconds, budgetS, fds, rssMiB }));
process.exitCode = ok ? 0 : 1;
