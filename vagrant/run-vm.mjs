#!/usr/bin/env node
// Runs test suites inside the Debian 12 guest under qemu, one boot per suite.
//   node vagrant/run-vm.mjs [suite...] [--timeout SEC per suite] [--accel auto|kvm|tcg]
//                           [--tcg-thread single|multi] [--verbose]
//   npm run test:vm -- smoke functional
// The guest boots from a snapshot of the cached image (built or reused first),
// mounts the checkout over 9p, runs vagrant/suites/<suite>.sh as its init and
// writes TAP to .vm-cache/results/<run>/<suite>.tap; this reads it back.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { minimist } from 'zx';
import { ensureImage } from './build-image.mjs';
import { cacheDir, repoRoot, resultsDir, vagrantDir } from './paths.mjs';
import { withLock } from './build/lock.mjs';
import { pickAccel, TCG_THREADS, tcgThreadFor } from './run/accel.mjs';
import { boot, CONSOLE_TAIL } from './run/qemu.mjs';
import { formatTests, parseTap } from './run/tap-report.mjs';

// Seconds a suite may take, boot included, under TCG (10-20x slower than the host).
const DEFAULT_TIMEOUT_S = { functional: 2700, stress: 1500, regression: 900, kernel: 900, hang: 120, panic: 120, other: 600 };
const defaultTimeout = (suite) => DEFAULT_TIMEOUT_S[suite] ?? DEFAULT_TIMEOUT_S.other;
// Guest RAM in MiB: the functional suite runs two vitest forks plus their targets.
const MEMORY_MB = { functional: 4096, other: 2048 };
const memoryFor = (suite) => MEMORY_MB[suite] ?? MEMORY_MB.other;
const suitesDir = path.join(vagrantDir, 'suites');
// suites/<name>.sh; lib.sh and *-lib.sh are helpers the suites source
const availableSuites = () => fs.readdirSync(suitesDir)
  .filter((f) => f.endsWith('.sh') && f !== 'lib.sh' && !f.endsWith('-lib.sh')).map((f) => f.slice(0, -3)).sort();
const secs = (ms) => (ms / 1000).toFixed(1);

/** One qemu at a time on the machine, whoever started it (2 cores). */
const oneQemuAtATime = (fn) => withLock(path.join(cacheDir, 'qemu.lock'), fn, { waitMs: 90 * 60_000, what: 'VM run' });

function usage(message) {
  if (message) console.error(`run-vm: ${message}`);
  console.error(`usage: run-vm.mjs [suite...] [--timeout SEC] [--accel auto|kvm|tcg] [--tcg-thread single|multi] [--verbose]
  suites: ${availableSuites().join(', ')}
  --timeout SEC         per suite, boot included (SCT_VM_TIMEOUT; default per suite; never past
                        SCT_VM_DEADLINE, unix seconds, when set)
  --accel               auto probes KVM once and caches the verdict (SCT_VM_ACCEL)
  --tcg-thread          under TCG, single runs every vCPU on one host thread, multi one thread
                        each (SCT_VM_TCG_THREAD; default single for the kernel suite, whose
                        code patching multi-threaded TCG mistranslates, multi for the others)
  --verbose             copy the guest's console
  SCT_VM_PROJECTS=P,... the functional suite runs only these vitest projects (e.g. watch)
  SCT_VM_FULL=1         the functional suite also runs what it leaves out by default`);
  process.exit(message ? 2 : 0);
}

function parseArgs() {
  const argv = minimist(process.argv.slice(2), { string: ['timeout', 'accel', 'tcg-thread'], boolean: ['verbose', 'help'], alias: { v: 'verbose', h: 'help' } });
  if (argv.help) usage();
  const suites = argv._.length ? argv._.map(String) : ['smoke'];
  for (const s of suites) if (!availableSuites().includes(s)) usage(`unknown suite \`${s}\``);
  const given = argv.timeout ?? process.env.SCT_VM_TIMEOUT;
  const timeout = given === undefined ? null : Number(given);
  if (timeout !== null && !(Number.isFinite(timeout) && timeout > 0)) usage(`Expected \`--timeout\` to be a positive number of seconds, got \`${given}\``);
  const accel = argv.accel ?? process.env.SCT_VM_ACCEL ?? 'auto';
  if (!['auto', 'kvm', 'tcg'].includes(accel)) usage(`Expected \`--accel\` to be auto, kvm or tcg, got \`${accel}\``);
  const tcgThread = argv['tcg-thread'] ?? process.env.SCT_VM_TCG_THREAD;
  if (tcgThread !== undefined && !TCG_THREADS.includes(tcgThread)) usage(`Expected \`--tcg-thread\` to be single or multi, got \`${tcgThread}\``);
  // names the results folder and the qemu processes (-name sct-vm-<run id>-<suite>)
  const runId = process.env.SCT_VM_RUN_ID ?? `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  if (!/^[\w.-]+$/.test(runId)) usage(`Expected \`SCT_VM_RUN_ID\` to be letters, digits, '.', '_' or '-', got \`${runId}\``);
  // SCT_VM_PROJECTS=watch[,native...]: the functional suite runs only these vitest projects
  // (passed to the guest as sct_projects= on the kernel command line)
  const projects = process.env.SCT_VM_PROJECTS || undefined;
  if (projects !== undefined && !/^[a-z]+(,[a-z]+)*$/.test(projects)) usage(`Expected \`SCT_VM_PROJECTS\` to be vitest project names separated by commas (e.g. watch,native), got \`${projects}\``);
  // SCT_VM_FULL=1: the functional suite runs what it leaves out by default (sct_full=1 in the guest)
  const full = process.env.SCT_VM_FULL === '1';
  return { suites, timeoutS: timeout, accel, tcgThread, verbose: argv.verbose, runId, projects, full };
}

async function runSuite(suite, { image, accel, runId, timeoutS, verbose, projects, full, ...opts }) {
  // SCT_VM_DEADLINE (unix seconds, set by .ci/run's budget): no suite runs past it.
  const deadline = Number(process.env.SCT_VM_DEADLINE ?? Infinity);
  const timeoutMs = Math.min((timeoutS ?? defaultTimeout(suite)) * 1000, Math.max(0, deadline * 1000 - Date.now()));
  const resultsRel = path.relative(repoRoot, path.join(resultsDir, runId));
  const tapFile = path.join(repoRoot, resultsRel, `${suite}.tap`);
  const append = `root=/dev/vda rw console=ttyS0 panic=1 quiet init=/sbin/sct-init sct_suite=${suite} sct_results=${resultsRel} sct_kernel=${image.kernelVersion}${projects ? ` sct_projects=${projects}` : ''}${full ? ' sct_full=1' : ''}`;
  const tcgThread = accel === 'tcg' ? tcgThreadFor(suite, opts.tcgThread) : undefined;
  const r = await oneQemuAtATime(() => {
    console.log(`\n[${suite}] booting (${accel}${tcgThread ? `, thread=${tcgThread}` : ''}, timeout ${secs(timeoutMs)}s)`);
    return boot({ image, accel, tcgThread, append, name: `sct-vm-${runId}-${suite}`, memory: memoryFor(suite) }, {
      timeoutMs,
      onLine: (line) => {
        if (verbose) console.log(`  | ${line}`);
        else if (line.startsWith('# running: ')) console.log(`  ${line.slice(2)}`);
      },
    });
  });
  const tapText = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
  const report = parseTap(tapText);
  const finished = r.lines.some((l) => l.startsWith(`# sct-guest: suite ${suite} exit`));
  let problem = null;
  if (r.timedOut) problem = `timed out after ${secs(timeoutMs)}s; killed qemu`;
  else if (r.panicked) problem = `the guest kernel panicked: ${r.panicLine.replace(/^\[[\s\d.]+\]\s*/, '')}`;
  else if (!finished) problem = `the guest stopped before the suite finished (qemu exit ${r.exitCode ?? r.signal})`;
  else if (!tapText) problem = `no TAP at ${tapFile}`;
  else if (!report.complete) problem = `incomplete TAP: plan ${report.planned ?? 'missing'}, ${report.tests.length} results`;
  const ok = !problem && report.failed === 0;

  if (report.tests.length) console.log(formatTests(report));
  // vitest suites end with "# module: FILE tests=N ms=D" lines, slowest first
  const slowest = [...tapText.matchAll(/^# module: (\S+) tests=(\d+) ms=(\d+)$/gm)].slice(0, 5);
  if (slowest.length) console.log(`  slowest files: ${slowest.map(([, file, n, ms]) => `${file} ${secs(Number(ms))}s (${n} tests)`).join(', ')}`);
  if (problem) {
    console.log(`  ✗ ${problem}`);
    if (r.running) console.log(`  test running at the time: ${r.running}`);
    console.log(`  last ${Math.min(CONSOLE_TAIL, r.tail.length)} console lines:`);
    for (const l of r.tail) console.log(`  | ${l}`);
    if (r.stderr.trim()) console.log(`  qemu stderr: ${r.stderr.trim()}`);
  }
  const firstTest = r.firstTestMs === null ? 'n/a' : `${secs(r.firstTestMs)}s`;
  console.log(`[${suite}] ${ok ? 'ok' : 'FAILED'}: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped; boot-to-first-test ${firstTest}, total ${secs(r.totalMs)}s; TAP ${path.relative(repoRoot, tapFile)}`);
  return { suite, ok, problem, report, firstTestMs: r.firstTestMs, totalMs: r.totalMs };
}

/** Keeps the newest KEEP_RESULTS runs' TAP under .vm-cache/results/. */
const KEEP_RESULTS = 20;
function pruneResults() {
  if (!fs.existsSync(resultsDir)) return;
  const runs = fs.readdirSync(resultsDir).map((name) => ({ name, t: fs.statSync(path.join(resultsDir, name)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { name } of runs.slice(KEEP_RESULTS)) fs.rmSync(path.join(resultsDir, name), { recursive: true, force: true });
}

async function main() {
  const opts = parseArgs();
  const t0 = Date.now();
  const image = await ensureImage();
  // the kernel suite's C tests include kselftest_harness.h, which the guest reads from the share
  if (opts.suites.includes('kernel')) execFileSync('bash', [path.join(repoRoot, 'ci/kselftest-harness.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const { accel, why } = await oneQemuAtATime(() => pickAccel(image, opts.accel));
  console.log(`[accel] ${accel}: ${why}`);
  const results = [];
  for (const suite of opts.suites) results.push(await runSuite(suite, { ...opts, image, accel }));

  const passed = results.reduce((n, r) => n + r.report.passed, 0);
  const failed = results.reduce((n, r) => n + r.report.failed + (r.problem ? 1 : 0), 0);
  const skipped = results.reduce((n, r) => n + r.report.skipped, 0);
  console.log(`\nsummary (${accel}, total ${secs(Date.now() - t0)}s):`);
  for (const r of results) {
    const first = r.firstTestMs === null ? 'n/a' : `${secs(r.firstTestMs)}s`;
    console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.suite}: ${r.report.passed} passed, ${r.report.failed} failed${r.problem ? ` (${r.problem})` : ''}; boot-to-first-test ${first}, total ${secs(r.totalMs)}s`);
  }
  // the plain closing line; a suite that hung or died counts as one failure
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  pruneResults();
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
}

main().catch((err) => {
  console.error(`run-vm: ${err.stack ?? err}`);
  process.exit(1);
});
