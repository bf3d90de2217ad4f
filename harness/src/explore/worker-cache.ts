// Worker processes outlive one exploration: a worker handed back waits, unreferenced (it keeps no
// process alive), for the next explore() in this process, and ends after IDLE_MS unused. Start-up
// (Node, tsx, the harness: about 0.5 s of CPU) is paid once for a test file's explorations, not
// once each.

import { WorkerProcess } from './worker-process.js';

const IDLE_MS = 15_000;
const idle = new Map<WorkerProcess, NodeJS.Timeout>();

/** A waiting worker pinned to `cpu`, or a new one. */
export function takeWorker(cpu: number | undefined): WorkerProcess {
  for (const [w, timer] of idle) {
    if (w.cpu !== cpu || w.dead) continue;
    clearTimeout(timer);
    idle.delete(w);
    w.ref(true);
    return w;
  }
  return new WorkerProcess(cpu);
}

/** Done with `w` for this exploration (its runs have all answered). */
export function giveBack(w: WorkerProcess): void {
  if (w.dead) return;
  w.ref(false);
  const timer = setTimeout(() => {
    idle.delete(w);
    w.close();
  }, IDLE_MS);
  timer.unref();
  idle.set(w, timer);
}

/** End every waiting worker now. */
export function closeIdleWorkers(): void {
  for (const [w, timer] of idle) {
    clearTimeout(timer);
    w.close();
  }
  idle.clear();
}
