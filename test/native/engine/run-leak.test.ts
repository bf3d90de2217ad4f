// Many runWithRules() in one process (explore, scenario runs, vitest suites are long-lived): the
// process's open fds and its RSS stay flat. Each run used to keep its native session, and with it
// two eventfds, for ever (20 -> 321 fds after 150 runs). The runs happen in a plain node process
// (test/native/helpers/many-runs.mjs, the built library): vitest's own worker grows on its own.
// The stress suite (vagrant/suites/stress.sh) runs the same script 1,000 times and holds RSS within
// 10% too; here, with 200 runs, RSS is printed only: a few MiB of malloc arenas and heap growth
// after 200 runs are within the noise of a 60 MiB process (CI saw +10.4% once, with flat fds).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../harness/src/paths.js';
import { trials, waitMs } from '../../helpers/scale.js';

const RUNS = trials(200);
const BUDGET_S = waitMs(120_000) / 1000;

describe('runWithRules, many times in one process', () => {
  it(`${RUNS} runs leave the fd count flat (RSS printed)`, async () => {
    const script = join(packageRoot(), 'test/native/helpers/many-runs.mjs');
    const r = await promisify(execFile)(process.execPath, ['--expose-gc', script, String(RUNS), String(BUDGET_S)]).catch((e) => e);
    console.log(r.stdout.split('\n')[0]);
    const figures = JSON.parse(r.stdout.split('\n')[1]);
    expect(figures).toMatchObject({ done: RUNS, fds: [figures.fds[0], figures.fds[0]] });
  }, waitMs(150_000));
});
