// `npm run bench`: ns per call of the seccomp engine next to native, strace and fiu-run, measured
// side by side in one run. Loop programs are built here (static, so that no dynamic-loader call
// meets a rule; a dynamic one for fiu-run, which wraps libc's open). Each cell is the minimum of
// several repetitions, timed inside the program. Prints a markdown table; asserts nothing.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWithRules } from '../harness/src/engine/run.js';
import { loadRules } from '../harness/src/rules/load.js';
import type { Rule } from '../harness/src/rules/model.js';

const REPS = Number(process.env.SCT_BENCH_REPS ?? 5);
const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sct-bench-'));
const staticLoop = join(dir, 'loop-static');
const dynLoop = join(dir, 'loop-dyn');
execFileSync('cc', ['-O2', '-static', '-o', staticLoop, join(here, 'c/loop.c')]);
execFileSync('cc', ['-O2', '-o', dynLoop, join(here, 'c/loop.c')]);
const minSupervisor = join(dir, 'min-supervisor');
execFileSync('cc', ['-O2', '-o', minSupervisor, join(here, 'c/min-supervisor.c')]);
const target = join(dir, 'target-file');
writeFileSync(target, 'x');

type Runner = (args: string[]) => Promise<string>;

function parse(out: string, what: string): number {
  const ns = Number(out.trim().split(/\s+/)[0]);
  if (!Number.isFinite(ns)) throw new Error(`${what}: unexpected output ${JSON.stringify(out)}`);
  return ns;
}

const direct = (bin: string): Runner => async (args) => spawnSync(bin, args, { encoding: 'utf8' }).stdout;
const wrapped = (cmd: string[], bin: string): Runner => async (args) => {
  const r = spawnSync(cmd[0]!, [...cmd.slice(1), bin, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 300)}`);
  return r.stdout;
};
const sct = (rules: Rule[], bin: string): Runner => async (args) => {
  const r = await runWithRules({ command: bin, args, rules });
  if (r.exitCode !== 0) throw new Error(`sct: exit ${r.exitCode}: ${r.stderr ?? ''}`);
  return r.stdout ?? '';
};

/** `sct run` in a child process (env: SCT_FAKE_MISSING_FEATURE), rule (d): write's result set to 1 after; pin: taskset -c 0. */
const sctRunAfter = (bin: string, env: Record<string, string>, pin = false): Runner => async (args) => {
  const conf = join(dir, 'after-write.sct');
  writeFileSync(conf, 'rule\n{\n  syscall_name = write\n  when = after\n  action {\n    type = ALTER\n    target = RETVAL\n    value = 1\n  }\n}\n');
  const cmd = [...(pin ? ['taskset', '-c', '0'] : []), process.execPath, join(here, '../dist/harness/src/cli/main.js'), 'run', '-c', conf, '--', bin, ...args];
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`sct run: exit ${r.status}: ${r.stderr.slice(0, 300)}`);
  return r.stdout;
};

async function rules(expressions: string[], paths: string[] = []): Promise<Rule[]> {
  const loaded = await loadRules({ expressions, paths });
  if (loaded.errorCount > 0) throw new Error(JSON.stringify(loaded.sources.map((s) => s.diagnostics)));
  return loaded.rules;
}

async function best(run: Runner, args: string[], what: string): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < REPS; i++) min = Math.min(min, parse(await run(args), what));
  return min;
}

interface Row { scenario: string; tool: string; ns?: number; note?: string }

const STRACE = ['strace', '-f', '--seccomp-bpf', '-o', '/dev/null'];
const rows: Row[] = [];
const baseline = new Map<string, number>();

async function measure(scenario: string, tool: string, run: Runner, args: string[], opts: { baseline?: boolean } = {}): Promise<void> {
  try {
    const ns = await best(run, args, `${scenario}/${tool}`);
    if (opts.baseline) baseline.set(scenario, ns);
    rows.push({ scenario, tool, ns });
  } catch (error) {
    rows.push({ scenario, tool, note: `failed: ${(error as Error).message.split('\n')[0]}` });
  }
}

const FAST = 200_000;
const SLOW = 20_000;

// (a) A call no rule names: the filter's cost on every other syscall.
{
  const s = '(a) getppid, no rule matches';
  await measure(s, 'native', direct(staticLoop), ['getppid', String(FAST)], { baseline: true });
  await measure(s, 'sct (rule on openat only)', sct(await rules(['inject=openat:error=EACCES']), staticLoop), ['getppid', String(FAST)]);
  await measure(s, 'strace --seccomp-bpf -e trace=openat', wrapped([...STRACE, '-e', 'trace=openat'], staticLoop), ['getppid', String(FAST)]);
}

// (b) openat failed by a scalar-only rule (tier 1, in the kernel).
{
  const s = '(b) openat failed with EACCES';
  await measure(s, 'native (openat of a missing path)', direct(staticLoop), ['openat', String(FAST)], { baseline: true });
  await measure(s, 'sct tier 1 (inject=openat:error=EACCES)', sct(await rules(['inject=openat:error=EACCES']), staticLoop), ['openat', String(FAST), target]);
  await measure(s, 'strace -e inject=openat:error=EACCES', wrapped([...STRACE, '-e', 'trace=openat', '-e', 'inject=openat:error=EACCES'], staticLoop), ['openat', String(SLOW), target]);
  await measure(s, 'fiu-run posix/io/oc/open (libc open)', wrapped(['fiu-run', '-x', '-c', 'enable name=posix/io/oc/open,failinfo=13'], dynLoop), ['open', String(FAST), target]);
}

// (c) openat failed only when the path matches (tier 2: the supervisor reads the path).
{
  const s = '(c) openat failed when the path matches';
  await measure(s, 'native (openat of a missing path)', direct(staticLoop), ['openat', String(FAST)], { baseline: true });
  await measure(s, 'minimal C supervisor (anchor: receive, read the path, compare, answer)', wrapped([minSupervisor, target], staticLoop), ['openat', String(SLOW), target]);
  await measure(s, 'sct tier 2 (-P path)', sct(await rules(['inject=openat:error=EACCES'], [target]), staticLoop), ['openat', String(SLOW), target]);
  await measure(s, 'strace -P path -e inject=...', wrapped([...STRACE, '-P', target, '-e', 'trace=openat', '-e', 'inject=openat:error=EACCES'], staticLoop), ['openat', String(SLOW), target]);
  rows.push({ scenario: s, tool: 'fiu-run', note: 'n/a: fiu has no path condition (and wraps only libc open, not the openat syscall or static binaries)' });
}

// (e) openat of a path a rule checks and lets through (tier 2): the supervisor opens the path it
// checked and installs the fd with SECCOMP_IOCTL_NOTIF_ADDFD, closing the time-of-check gap
// (docs/engine.md, Limits). Its cost, next to the same rule letting the call run in the target
// (the gap open: ADDFD faked missing, as on kernels before 5.9).
{
  const s = '(e) openat let through by a path rule';
  await measure(s, 'native (openat + close of an existing file)', direct(staticLoop), ['openat', String(FAST), target], { baseline: true });
  // The built CLI, since the supervisor's feature probe reads its own environment once per process.
  const cli = join(here, '..', 'dist/harness/src/cli/main.js');
  const sctCli = (env: Record<string, string>): Runner => async (args) => {
    const r = spawnSync(process.execPath, [cli, 'run', '--no-summary', '-P', `${target}-other`, '-e', 'inject=openat:error=EACCES', '--', staticLoop, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`sct run: exit ${r.status}: ${r.stderr.slice(0, 300)}`);
    return r.stdout;
  };
  await measure(s, 'sct tier 2, without ADDFD (the path race open)', sctCli({ SCT_FAKE_MISSING_FEATURE: 'notif_addfd' }), ['openat', String(SLOW), target]);
  await measure(s, 'sct tier 2, with ADDFD (default)', sctCli({}), ['openat', String(SLOW), target]);
  await measure(s, 'strace -P other-path -e inject=...', wrapped([...STRACE, '-P', `${target}-other`, '-e', 'trace=openat', '-e', 'inject=openat:error=EACCES'], staticLoop), ['openat', String(SLOW), target]);
}

// (d) A rule after write (tier 2: the supervisor runs write itself; tier 3: a ptrace stop at its exit).
{
  const s = '(d) write with an after rule';
  await measure(s, 'native', direct(staticLoop), ['write', String(FAST)], { baseline: true });
  const afterRule = (extra: Partial<Rule>): Rule[] => [{ syscalls: [{ kind: 'name', name: 'write' }], phase: 'after', action: { type: 'ALTER', target: { kind: 'retval' }, value: { type: 'number', value: 1n } }, trigger: { scope: 'tree' }, ...extra }];
  // Every write stops at its exit; the rule sets the result to 1, which write("x", 1) returns anyway.
  await measure(s, 'sct tier 2 (after rule, the supervisor runs the call)', sct(afterRule({}), staticLoop), ['write', String(SLOW)]);
  // A scalar filter no call matches: the BPF pre-check allows every write in the kernel.
  await measure(s, 'sct tier 3, filter count == 999 (pre-checked in BPF)', sct(afterRule({ filter: { type: 'compare', op: '==', left: { type: 'param', name: 'count' }, right: { type: 'number', value: 999n } } }), staticLoop), ['write', String(FAST)]);
  await measure(s, 'strace --seccomp-bpf -e trace=write', wrapped([...STRACE, '-e', 'trace=write'], staticLoop), ['write', String(SLOW)]);
  // The same rule on the ptrace path (what the supervisor-run path replaced, issue #16), run in a
  // child process since the feature probe is read once per process.
  await measure(s, 'sct tier 3 (SCT_FAKE_MISSING_FEATURE=notif_exec)', sctRunAfter(staticLoop, { SCT_FAKE_MISSING_FEATURE: 'notif_exec' }), ['write', String(SLOW)]);
  // Pinned: sct's process, the loop and strace on CPU 0 (unpinned, strace swings 15x with load).
  await measure(s, 'pinned: sct tier 2 (supervisor runs the call)', sctRunAfter(staticLoop, {}, true), ['write', String(SLOW)]);
  await measure(s, 'pinned: sct tier 3 (SCT_FAKE_MISSING_FEATURE=notif_exec)', sctRunAfter(staticLoop, { SCT_FAKE_MISSING_FEATURE: 'notif_exec' }, true), ['write', String(SLOW)]);
  await measure(s, 'pinned: strace --seccomp-bpf -e trace=write', wrapped(['taskset', '-c', '0', ...STRACE, '-e', 'trace=write'], staticLoop), ['write', String(SLOW)]);
}

rmSync(dir, { recursive: true, force: true });

const lines = [
  `Minimum of ${REPS} runs, ns per call timed inside the loop program (${new Date().toISOString().slice(0, 10)}, ${process.arch}).`,
  '',
  '| scenario | tool | ns/call | × native |',
  '|---|---|---:|---:|',
  ...rows.map((r) => {
    const base = baseline.get(r.scenario);
    if (r.ns === undefined) return `| ${r.scenario} | ${r.tool} | ${r.note ?? ''} | |`;
    return `| ${r.scenario} | ${r.tool} | ${r.ns.toFixed(0)} | ${base ? (r.ns / base).toFixed(2) : ''} |`;
  }),
];
const ns = (scenario: string, tool: string): number | undefined => rows.find((r) => r.scenario === scenario && r.tool.startsWith(tool))?.ns;
const anchor = ns('(c) openat failed when the path matches', 'minimal C supervisor');
const tier2 = ns('(c) openat failed when the path matches', 'sct tier 2');
if (anchor && tier2) lines.push('', `(c) sct tier 2 / the minimal C supervisor: ${(tier2 / anchor).toFixed(2)}x (goal: within 1.15x)`);
process.stdout.write(lines.join('\n') + '\n');
