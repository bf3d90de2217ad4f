// `npm run bench:watch`: what `sct watch` costs the calls of every process on the machine, issue
// #18's overhead rows, measured side by side in one run (this host is shared: only the ratios
// mean anything). getppid ns/call (native/watch/demo/bench-getppid.c, minimum of 5 rounds of 1M
// calls, through syscall(2)):
//   - no watch;
//   - a watch whose rules name only unlinkat (getppid pays the sys_enter/sys_exit programs'
//     array lookup; goal <= 1.5x);
//   - a rule that names getppid with a filter that never matches (PID == 1: the filter runs in
//     the kernel on every call, nothing reaches user space).
// Needs root and BPF; says so and exits 1 otherwise. Asserts nothing.
//
//   npx tsx bench/watch.ts [--calls 1000000] [--rounds 5]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist/harness/src/cli/main.js');
const { values: o } = parseArgs({ options: { calls: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '5' } } });
if (process.getuid?.() !== 0) {
  process.stderr.write('bench:watch: sct watch needs root (or CAP_BPF and CAP_PERFMON); run it as root\n');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'sct-bench-watch-'));
const bench = join(dir, 'bench-getppid');
execFileSync('cc', ['-O2', '-o', bench, join(here, '../native/watch/demo/bench-getppid.c')]);
const conf = join(dir, 'getppid-never.sct');
writeFileSync(conf, 'rule\n{\n  syscall_name = getppid\n  filter_expression { PID == 1 }\n  action { type = LOG }\n}\n');
const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function measure(): number {
  return Number(execFileSync(bench, [o.calls!, o.rounds!], { encoding: 'utf8' }).trim());
}

/** Runs measure() while `sct watch ARGS` is attached; returns the figure and the watch's summary. */
async function underWatch(args: string[]): Promise<{ ns: number; summary: string }> {
  const child = spawn(process.execPath, [cli, 'watch', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const t0 = Date.now();
  while (!err.includes('sct: watching')) {
    if (child.exitCode !== null || Date.now() - t0 > 30_000) throw new Error(`sct watch ${args.join(' ')} did not attach: ${err}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const ns = measure();
  child.kill('SIGINT');
  const code = await exited;
  if (code !== 0) throw new Error(`sct watch ${args.join(' ')}: exit ${code}: ${err}`);
  return { ns, summary: err.split('\n').filter((l) => /events|hit/.test(l)).join('; ') };
}

const loadBefore = load();
const rows: Array<[string, number, string]> = [];
const bare1 = measure();
rows.push(['no watch', bare1, '']);
const a = await underWatch(['-e', 'trace=unlinkat']);
rows.push(['watch, rules name only unlinkat', a.ns, a.summary]);
const b = await underWatch(['-c', conf]);
rows.push(['watch, a rule on getppid whose filter never matches (PID == 1)', b.ns, b.summary]);
const bare2 = measure();
rows.push(['no watch (again, after)', bare2, '']);
rmSync(dir, { recursive: true, force: true });
const base = Math.min(bare1, bare2);
const lines = [
  `getppid ns/call, minimum of ${o.rounds} rounds of ${o.calls} calls (${new Date().toISOString().slice(0, 10)}, load ${loadBefore} before, ${load()} after).`,
  '',
  '| | ns/call | × no watch | ns added | the watch said |',
  '|---|---:|---:|---:|---|',
  ...rows.map(([what, ns, said]) => `| ${what} | ${ns.toFixed(0)} | ${(ns / base).toFixed(2)} | ${(ns - base).toFixed(0)} | ${said} |`),
  '',
  `goal: <= 1.5x for a syscall no rule names (row 2: ${(a.ns / base).toFixed(2)}x)`,
];
process.stdout.write(lines.join('\n') + '\n');
