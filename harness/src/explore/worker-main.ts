// A worker process of explore() (forked by worker-process.ts): loads a scenario by file and
// name (again for each exploration it serves), checks its fingerprint, then runs schedules one at a time, as they come, and answers each
// with pass/fail and the reasons. It was started pinned to one CPU (affinity.ts), so its targets,
// keepers and supervisor threads, which inherit that, share a CPU.

import { pathToFileURL } from 'node:url';
import { isScenario, type Scenario } from '../scenarios/index.js';
import { allowedCpus } from './affinity.js';
import { evaluateSchedule } from './evaluate.js';
import { fingerprint, withMaxRunMs, type FromWorker, type ToWorker, type WorkerInit } from './worker-protocol.js';

const send = (m: FromWorker): void => void process.send?.(m);

/** Every scenario a module exports: a default export, `scenarios`, or any other export, lists included. */
function exported(mod: Record<string, unknown>): Scenario[] {
  const values = Object.values(mod).flatMap((v) => (Array.isArray(v) ? v : [v]));
  return values.flatMap((v) => (isScenario(v) ? [v] : isScenario((v as { default?: unknown } | null)?.default) ? [(v as { default: Scenario }).default] : []));
}

async function load(init: WorkerInit): Promise<Scenario> {
  const mod = (await import(pathToFileURL(init.file).href)) as Record<string, unknown>;
  const found = exported(mod).find((s) => s.name === init.name);
  if (!found) throw new Error(`\`${init.file}\` exports no scenario named '${init.name}' (a worker loads it by name)`);
  if (fingerprint(found) !== init.fingerprint) throw new Error(`scenario '${init.name}' of \`${init.file}\` differs from the one explored (a factory with other arguments?)`);
  return found;
}

let scenario: Scenario | undefined;
let baseDir: string | undefined;
// One run at a time, in the order they came.
let queue: Promise<void> = Promise.resolve();

async function handle(m: ToWorker): Promise<void> {
  if (m.type === 'init') {
    scenario = undefined;
    try {
      scenario = await load(m);
      baseDir = m.baseDir;
      send({ type: 'ready', session: m.session, cpus: allowedCpus() });
    } catch (error) {
      send({ type: 'init-failed', session: m.session, message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  try {
    if (!scenario) throw new Error('run before init');
    const ev = await evaluateSchedule(withMaxRunMs(scenario, m.maxRunMs), m.schedule, baseDir !== undefined ? { baseDir } : {});
    send({ type: 'result', id: m.id, passed: ev.passed, reasons: ev.reasons });
  } catch (error) {
    send({ type: 'run-failed', id: m.id, message: error instanceof Error ? error.message : String(error) });
  }
}

process.on('message', (m: ToWorker) => {
  queue = queue.then(() => handle(m));
});
// The parent is gone or done with us: whatever runs is killed with this process's supervisor.
process.on('disconnect', () => process.exit(0));
