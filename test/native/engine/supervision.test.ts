// Issue #13, point 1: a target that ends its own supervision. Whatever dies (sct's node process,
// the keeper), no process of the tree may run a rule-named call un-faulted, and none may outlive
// sct. The target (kill_keeper.c) forks a setsid() child that calls openat(PROBE) forever under a
// FAIL EACCES rule and counts every other result; then it kills its keeper, or its process group,
// or the test kills the keeper from outside. Trials: SCT_GUARD_TRIALS (3 here; the stress suite,
// vagrant/suites/stress.sh, runs 50 per case and tier), within SCT_GUARD_BUDGET_MS per case when
// set: no new trial starts after it (at least one runs; the count run is printed).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../../helpers/host/index.js';
import { trials, waitMs } from '../../helpers/scale.js';
import { buildPrograms, cliPath, type Programs } from './helpers.js';

const TRIALS = Number(process.env.SCT_GUARD_TRIALS ?? trials(3));
const BUDGET_MS = Number(process.env.SCT_GUARD_BUDGET_MS ?? Infinity);

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());

type Mode = 'parent' | 'group' | 'outside';

interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  kill: string;
  unfaulted: number;
  survivors: number;
}

const alive = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
};
const ppidOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function trial(mode: Mode, tier: 2 | 3, n: number): Promise<Outcome> {
  const probe = join(progs.dir, `probe-${mode}-${tier}-${n}`); // never created
  const countFile = join(progs.dir, `count-${mode}-${tier}-${n}`);
  const rules = join(progs.dir, `rules-${mode}-${tier}-${n}.sct`);
  writeFileSync(rules, `rule {\n  syscall_name = openat\n  when = ${tier === 2 ? 'before' : 'after'}\n  filter_expression { path == "${probe}" }\n  action { type = FAIL; error = EACCES }\n}\n`);
  const child = spawn(process.execPath, [cliPath(), 'run', '--no-summary', '-c', rules, '--', progs.bin('kill_keeper'), mode, probe, countFile], {
    stdio: ['ignore', 'pipe', 'ignore'],
    detached: true, // its own process group, as a shell gives a job: kill(0) must not reach vitest
  });
  let out = '';
  const ready = new Promise<void>((res) => child.stdout.setEncoding('utf8').on('data', (d: string) => ((out += d), out.includes('ready\n') && res())));
  // 'exit', not 'close': a surviving child would hold the stdout pipe open
  const closed = new Promise<[number | null, NodeJS.Signals | null]>((res) => child.on('exit', (s, sig) => res([s, sig])));
  await Promise.race([ready, closed, sleep(waitMs(10_000))]);
  const childPid = Number(/child (\d+)/.exec(out)?.[1] ?? 0);
  if (mode === 'outside' && childPid) {
    // the keeper is the target's parent; the target is the child's parent until it dies
    const target = ppidOf(childPid);
    process.kill(ppidOf(target), 'SIGKILL');
  }
  const guard = setTimeout(() => child.kill('SIGKILL'), waitMs(20_000));
  const [status, signal] = await closed;
  clearTimeout(guard);
  // The tree's processes get a moment to be reaped after sct is gone (the keeper kills them).
  for (let i = 0; i < 100 && childPid && alive(childPid); i++) await sleep(10);
  const survivors = childPid && alive(childPid) ? 1 : 0;
  if (survivors) process.kill(childPid, 'SIGKILL'); // do not leave it spinning
  child.stdout.destroy();
  const text = existsSync(countFile) ? readFileSync(countFile, 'utf8').trim() : '';
  const outcome = { status, signal, kill: /kill = (\S+)/.exec(out)?.[1] ?? '?', unfaulted: Number(text || 0), survivors };
  if (outcome.unfaulted || survivors) console.log(`${mode} tier ${tier} trial ${n}: ${JSON.stringify(outcome)}`);
  return outcome;
}

async function trialsOf(mode: Mode, tier: 2 | 3): Promise<Outcome[]> {
  const all: Outcome[] = [];
  const t0 = Date.now();
  for (let i = 0; i < TRIALS && (i === 0 || Date.now() - t0 < BUDGET_MS); i++) all.push(await trial(mode, tier, i));
  if (all.length < TRIALS) console.log(`${mode} tier ${tier}: ${all.length} of ${TRIALS} trials within SCT_GUARD_BUDGET_MS=${BUDGET_MS}`);
  return all;
}

const sum = (xs: Outcome[], k: 'unfaulted' | 'survivors') => xs.reduce((s, x) => s + x[k], 0);

describe('a target cannot end its own supervision', () => {
  beforeEach(skipWhen(existsSync(cliPath()) ? undefined : `needs the built CLI (${cliPath()}): run npm run build`));
  it.each([2, 3] as const)(`tier %i: kill(getppid(), SIGKILL) gets EPERM; 0 un-faulted calls, 0 survivors, sct exits 0 (${TRIALS} trials)`, async (tier) => {
    const r = await trialsOf('parent', tier);
    expect({ unfaulted: sum(r, 'unfaulted'), survivors: sum(r, 'survivors') }).toEqual({ unfaulted: 0, survivors: 0 });
    expect(r.map((x) => [x.kill, x.status])).toEqual(r.map(() => ['EPERM', 0]));
  }, waitMs(120_000));

  it.each([2, 3] as const)(`tier %i: kill(0, SIGKILL) with a setsid child kills sct (137) but leaves 0 un-faulted calls, 0 survivors (${TRIALS} trials)`, async (tier) => {
    const r = await trialsOf('group', tier);
    expect({ unfaulted: sum(r, 'unfaulted'), survivors: sum(r, 'survivors') }).toEqual({ unfaulted: 0, survivors: 0 });
    expect(r.map((x) => x.signal)).toEqual(r.map(() => 'SIGKILL'));
  }, waitMs(120_000));

  it.each([2, 3] as const)(`tier %i: the keeper SIGKILLed from outside: 0 un-faulted calls, 0 survivors, sct exits 125 (${TRIALS} trials)`, async (tier) => {
    const r = await trialsOf('outside', tier);
    expect({ unfaulted: sum(r, 'unfaulted'), survivors: sum(r, 'survivors') }).toEqual({ unfaulted: 0, survivors: 0 });
    expect(r.map((x) => x.status)).toEqual(r.map(() => 125));
  }, waitMs(120_000));
});
