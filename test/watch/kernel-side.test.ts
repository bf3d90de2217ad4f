// The kernel side of sct watch (native/watch/bpf/watch.bpf.c) on this host, through the demo
// loader (native/watch/demo/watch-demo.c): processes this test did not start as a watched child
// are named, filters pass only matching calls, the tree scope holds, KILL and FAIL act. Needs root
// and BPF: skipped with the reason otherwise. The CLI's own tests are test/watch's others.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../helpers/host/index.js';
import { WATCH_DIR, watchUnavailable, noCgroup2 } from '../helpers/watch-build.js';

const DEMO = join(WATCH_DIR, 'build-bpf/watch-demo');
const BENCH = join(WATCH_DIR, 'build-bpf/bench-getppid');
const dir = mkdtempSync(join(tmpdir(), 'sct-watch-kernel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  events: string[];
  counters: Record<string, number>;
  hits: string;
  flips: number;
}

/** Starts watch-demo with args, runs act once it is attached, stops it: its events and counters. */
async function watch(args: string[], act: () => Promise<void> | void): Promise<Run> {
  const child = spawn(DEMO, ['--seconds', '120', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  const attached = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      if (err.includes('attached')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`watch-demo exited ${code} before attaching: ${err}`)));
  });
  await attached;
  await act();
  await new Promise((r) => setTimeout(r, 300)); // the ring buffer is polled every 100 ms
  const done = new Promise((r) => child.on('exit', r));
  child.kill('SIGINT');
  await done;
  const counters = Object.fromEntries([...(/counters:(.*)/.exec(err)?.[1] ?? '').matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
  const flips = Number(/flips=(\d+)/.exec(err)?.[1] ?? 0);
  return { events: out.trim().split('\n').filter(Boolean), counters, hits: /rule hits:(.*)/.exec(err)?.[1]?.trim() ?? '', flips };
}

const sh = (script: string) => spawnSync('sh', ['-c', script], { encoding: 'utf8' });

/** Two getppid hammers at once (one per CPU here), CALLS calls each: their exit statuses. A copy
 * of bench-getppid under a name of this run's own, so that --comm sees no one else's benchmark. */
const CALLS = 200_000 * 5;
const HAMMER = `sctw-${process.pid % 100000}`;
const hammer = () => {
  copyFileSync(BENCH, join(dir, HAMMER));
  chmodSync(join(dir, HAMMER), 0o755);
  return Promise.all(
    [0, 1].map(
      () =>
        new Promise<number | null>((resolve) => spawn(join(dir, HAMMER), ['200000', '5'], { stdio: 'ignore' }).on('exit', resolve)),
    ),
  );
};

const reason = watchUnavailable('build-bpf/watch-demo') ?? watchUnavailable('build-bpf/bench-getppid');
if (reason) console.warn(`test/watch/kernel-side: skipped: ${reason}`);

describe('watch.bpf.c through watch-demo', () => {
  beforeEach(skipWhen(reason));
  it('names rm, its pid, its parent and the path it deleted, for a process started outside', async () => {
    const victim = join(dir, 'victim-1');
    writeFileSync(victim, '');
    let shPid = '';
    const run = await watch(['unlinkat'], () => {
      shPid = sh(`echo $$; setsid rm ${victim}; true`).stdout.trim(); // setsid: a new session; `; true`: sh forks rm
    });
    const ev = run.events.filter((e) => e.includes(`path="${victim}"`));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatch(new RegExp(`^unlinkat pid=\\d+ tid=\\d+ ppid=${shPid} uid=0 comm=rm .*rules=0x1 ret=0 `));
  });

  it('a path filter lets only the matching call through and counts the others', async () => {
    const [keep, hit] = [join(dir, 'keep-2'), join(dir, 'hit-2')];
    const run = await watch(['--filter-path-eq', hit, 'unlinkat'], () => {
      writeFileSync(keep, '');
      writeFileSync(hit, '');
      sh(`rm ${keep} ${hit}`);
    });
    expect(run.events.filter((e) => e.includes(dir))).toEqual([expect.stringContaining(`path="${hit}"`)]);
    expect(run.counters.filtered).toBeGreaterThanOrEqual(1);
    expect(run.hits).toBe('0=1');
  });

  it('--pid watches one process tree only', async () => {
    const [inside, outside] = [join(dir, 'in-3'), join(dir, 'out-3')];
    writeFileSync(inside, '');
    writeFileSync(outside, '');
    const tree = spawn('sh', ['-c', `read x; sh -c "rm ${inside}"`], { stdio: ['pipe', 'ignore', 'ignore'] });
    const run = await watch(['--pid', String(tree.pid), 'unlinkat'], async () => {
      sh(`rm ${outside}`);
      tree.stdin!.end('go\n');
      await new Promise((r) => tree.on('exit', r));
    });
    expect(run.events.filter((e) => e.includes(dir))).toEqual([expect.stringContaining(`path="${inside}"`)]);
  });

  it('KILL at sys_exit: the matching rm dies of SIGKILL, another runs to its end', async () => {
    const [keep, hit] = [join(dir, 'keep-4'), join(dir, 'hit-4')];
    let status: (number | null)[] = [];
    await watch(['--kill', '9', '--filter-path-eq', hit, 'unlinkat'], () => {
      writeFileSync(keep, '');
      writeFileSync(hit, '');
      status = [keep, hit].map((f) => spawnSync('rm', [f]).signal === 'SIGKILL' ? 137 : 0);
    });
    expect(status).toEqual([0, 137]);
  });

  it('FAIL through the cgroup connect hook: the filtered port gets the errno, another does not', async (ctx) => {
    skipWhen(noCgroup2())(ctx);
    const code = (port: number) =>
      new Promise<string>((resolve) => {
        const c = createConnection({ host: '127.0.0.1', port });
        c.on('connect', () => (c.destroy(), resolve('connected')));
        c.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
    let codes: string[] = [];
    const run = await watch(['--fail', '13', '--filter-port-eq', '4299', 'connect'], async () => {
      codes = [await code(4299), await code(4298)];
    });
    expect(codes).toEqual(['EACCES', 'ECONNREFUSED']);
    expect(run.events.filter((e) => e.startsWith('connect ') && e.includes('at-enter'))).toHaveLength(1);
  });

  it('fd paths and the working directory by a dentry walk, across mounts', async () => {
    const sub = join(dir, 'sub-5');
    spawnSync('mkdir', ['-p', sub]);
    const shm = `/dev/shm/sct-watch-${process.pid}`; // a tmpfs on devtmpfs on /: two mount crossings
    const fdRun = await watch(['--filter-fd-path-eq', shm, 'write'], () => {
      sh(`echo a > ${join(dir, 'other-5')}; echo b > ${shm}; rm ${shm}`);
    });
    expect(fdRun.events).toEqual([expect.stringMatching(/^write .*comm=sh .*ret=2$/)]);
    const cwdRun = await watch(['--filter-cwd-eq', sub, 'unlinkat'], () => {
      sh(`cd ${dir} && touch x && rm x && cd ${sub} && touch y && rm y`);
    });
    expect(cwdRun.events).toEqual([expect.stringContaining('path="y"')]);
  });

  it('execve: the path filter and the event string come from before the exec replaced the memory', async () => {
    const run = await watch(['--filter-path0-eq', '/bin/true', 'execve'], () => {
      sh('/bin/true; /bin/false; /bin/true again');
    });
    const mine = run.events.filter((e) => e.includes('path="/bin/true"'));
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatch(/^execve .*comm=true .*ret=0 path="\/bin\/true"$/); // comm: the new program's
    expect(run.events.filter((e) => e.includes('/bin/false'))).toEqual([]);
  });

  // SMP: two processes on the two CPUs, the rules' generation flipped every 100 ms meanwhile.
  it('counts every call of two concurrent processes exactly while the generation flips', async () => {
    const run = await watch(['--quiet', '--flip', '--comm', HAMMER, '--filter-arg0-eq', '12345', 'getppid'], async () => {
      expect(await hammer()).toEqual([0, 0]);
    });
    expect(run.flips).toBeGreaterThan(0);
    expect(run.counters).toMatchObject({ filtered: 2 * CALLS, events: 0, no_enter: 0, drops: 0 });
  });

  it('with no reader, events and drops add up to every call', async () => {
    const run = await watch(['--quiet', '--comm', HAMMER, 'getppid'], async () => {
      expect(await hammer()).toEqual([0, 0]);
    });
    expect(run.counters.events! + run.counters.drops!).toBe(2 * CALLS);
    expect(run.counters.drops).toBeGreaterThan(0); // the 1 MiB ring holds a few thousand events
    expect(run.hits).toBe(`0=${2 * CALLS}`);
  });
});

