// One worker process, seen from explore(): forked (pinned to a CPU when it can be), told which
// scenario to load (`open`), then given schedules. A run rejects with ExploreWorkerError when the
// worker fails or dies, and the caller runs that schedule itself. Between explorations a worker
// waits, unreferenced, for the next one (worker-cache.ts).

import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { harnessModule } from '../paths.js';
import { pinnedLauncher } from './affinity.js';
import { ExploreWorkerError } from './errors.js';
import type { Schedule } from './types.js';
import type { FromWorker, Judgement, ToWorker, WorkerInit } from './worker-protocol.js';

/** The bundle's worker entry (dist/), or worker-main.ts when running from sources under tsx or vitest. */
const workerEntry = (): string => harnessModule('explore/worker-main');

/** tsx's loader, so that a worker can import TypeScript: its own sources, and scenario files. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

const STDERR_KEPT = 4000;

export class WorkerProcess {
  /** Of the current `open`: true once the worker has loaded the scenario, false if it could not. */
  ready: Promise<boolean> = Promise.resolve(false);
  isReady = false;
  /** Why the worker is not (or no longer) usable for the current scenario. */
  problem?: string;
  /** The process is gone (exited, or could not be started). */
  dead = false;
  /** The worker's Cpus_allowed_list, once ready. */
  cpus = '';
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (j: Judgement) => void; reject: (e: Error) => void }>();
  private settle: (ok: boolean) => void = () => {};
  private nextId = 0;
  private session = 0;
  private stderr = '';
  private closed = false;

  constructor(readonly cpu: number | undefined) {
    const pin = pinnedLauncher(cpu);
    this.child = fork(workerEntry(), [], {
      execPath: pin?.execPath ?? process.execPath,
      execArgv: [...(pin ? [...pin.args, process.execPath] : []), '--import', tsxLoader()],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (c: Buffer) => (this.stderr = (this.stderr + c.toString('utf8')).slice(-STDERR_KEPT)));
    this.child.on('message', (m: FromWorker) => this.receive(m));
    const gone = (why: string): void => {
      this.dead = true;
      this.fail(this.closed ? 'closed' : `${why}${this.stderr.trim() ? `: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`);
    };
    this.child.on('error', (e) => gone(`explore worker failed: ${e.message}`));
    this.child.on('exit', (code, signal) => gone(`explore worker exited (${signal ?? `code ${code}`})`));
  }

  /** Load a scenario for the runs that follow; `ready` settles when the worker has it (or cannot). */
  open(init: Omit<WorkerInit, 'type' | 'session'>): Promise<boolean> {
    this.isReady = false;
    this.problem = this.dead ? 'explore worker: the process is gone' : undefined;
    this.ready = new Promise<boolean>((r) => (this.settle = r));
    if (this.dead) this.settle(false);
    else this.send({ type: 'init', session: ++this.session, ...init });
    return this.ready;
  }

  run(schedule: Schedule, maxRunMs: number | undefined): Promise<Judgement> {
    if (!this.isReady) return Promise.reject(new ExploreWorkerError(this.problem ?? 'explore worker: not ready'));
    const id = this.nextId++;
    return new Promise<Judgement>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ type: 'run', id, schedule, ...(maxRunMs !== undefined ? { maxRunMs } : {}) });
    });
  }

  /** Whether this process's event loop waits for the worker (not while it idles between explorations). */
  ref(on: boolean): void {
    for (const h of [this.child, this.child.channel, this.child.stderr] as ({ ref?(): void; unref?(): void } | null | undefined)[]) {
      if (on) h?.ref?.();
      else h?.unref?.();
    }
  }

  /** End the worker (it exits when the channel closes; a target it runs goes with it). */
  close(): void {
    this.closed = true;
    this.ref(false);
    if (this.child.connected) this.child.disconnect();
    const force = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    force.unref();
    this.child.once('exit', () => clearTimeout(force));
  }

  private receive(m: FromWorker): void {
    if ((m.type === 'ready' || m.type === 'init-failed') && m.session !== this.session) return;
    if (m.type === 'ready') {
      this.isReady = true;
      this.cpus = m.cpus;
      this.settle(true);
    } else if (m.type === 'init-failed') {
      this.fail(m.message);
    } else {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.type === 'result') p?.resolve({ passed: m.passed, reasons: m.reasons });
      else p?.reject(new ExploreWorkerError(`explore worker: ${m.message}`));
    }
  }

  private send(m: ToWorker): void {
    if (!this.child.connected) return;
    this.child.send(m, (error) => {
      if (error) this.fail(`explore worker: cannot send: ${error.message}`);
    });
  }

  private fail(why: string): void {
    this.isReady = false;
    this.problem ??= why;
    this.settle(false);
    for (const p of this.pending.values()) p.reject(new ExploreWorkerError(this.problem));
    this.pending.clear();
  }
}
