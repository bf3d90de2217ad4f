// Signals that arrive while the supervisor holds a call (DELAY, SUSPEND before).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWithRules } from '../../../harness/src/engine/run.js';
import type { Rule } from '../../../harness/src/rules/model.js';
import { cc, needs, waitKillableRecv } from '../../helpers/host/index.js';
import { buildPrograms, lines, procState, rule, waitFor, type Programs } from './helpers.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());
beforeEach(needs(cc));

const DELAY_MS = 2000;
const delay: Rule = rule('getppid', { type: 'DELAY', us: DELAY_MS * 1000 });
/** For the kills: a delay that ending early cannot be mistaken for, even on a loaded host. */
const LONG_DELAY_MS = 30_000;
const longDelay: Rule = rule('getppid', { type: 'DELAY', us: LONG_DELAY_MS * 1000 });
const suspend: Rule = rule('getppid', { type: 'SUSPEND' });

/** Starts held_signal, waits until its getppid is held, sends `signal`; returns the run. */
async function heldThenSignal(r: Rule, signal: NodeJS.Signals, mode = 'plain', held: (pid: number) => boolean = () => true) {
  let out = '';
  const h = startWithRules({ command: progs.bin('held_signal'), args: [mode], rules: [r], onStdout: (c) => (out += c.toString()) });
  expect(await waitFor(() => out.includes('ready'))).toBe(true);
  expect(await waitFor(() => held(h.pid))).toBe(true);
  await new Promise((res) => setTimeout(res, 150)); // the call is now held in the supervisor
  const sent = Date.now();
  process.kill(h.pid, signal);
  return { h, sent };
}

describe('signals while a call is held', () => {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`DELAY: ${signal} (default action) kills at once, well before the delay ends`, async () => {
      const { h, sent } = await heldThenSignal(longDelay, signal);
      const res = await h.result;
      expect(res.signal).toBe(signal);
      expect(Date.now() - sent).toBeLessThan(LONG_DELAY_MS);
      expect(lines(res.stdout)).toEqual([expect.stringMatching(/^ready /)]);
    });

    it(`SUSPEND before: ${signal} ends the stopped process${signal === 'SIGKILL' ? ' at once' : ' when it is resumed (job control: a stopped process takes SIGTERM on SIGCONT)'}`, async () => {
      const { h, sent } = await heldThenSignal(suspend, signal, 'plain', (pid) => procState(pid) === 'T');
      if (signal === 'SIGTERM') {
        await new Promise((res) => setTimeout(res, 200));
        expect(procState(h.pid)).toBe('T');
        h.resume(h.pid);
      }
      const res = await h.result;
      expect(res.signal).toBe(signal);
      expect(Date.now() - sent).toBeLessThan(LONG_DELAY_MS);
      expect(lines(res.stdout)).toEqual([expect.stringMatching(/^ready /)]);
    });
  }

  for (const mode of ['restart', 'plain']) {
    // Without WAIT_KILLABLE_RECV the kernel runs the handler at once and the held call gets EINTR.
    it(`DELAY: SIGUSR1 with a handler (${mode === 'restart' ? 'SA_RESTART' : 'no SA_RESTART'}) runs after the held call; the call's result is not EINTR`, async (ctx) => {
      needs(waitKillableRecv)(ctx);
      const { h } = await heldThenSignal(delay, 'SIGUSR1', mode);
      const res = await h.result;
      const m = /getppid = (-?\d+) errno=(\S+) handler_ms=(-?\d+) total_ms=(\d+)/.exec(res.stdout ?? '')!;
      expect(m).not.toBeNull();
      expect(Number(m[1])).toBeGreaterThan(0);
      expect(m[2]).toBe('0');
      expect(Number(m[3])).toBeGreaterThanOrEqual(DELAY_MS - 100);
      expect(res.exitCode).toBe(0);
    });
  }

  it('SUSPEND before: SIGUSR1 while stopped is handled on resume, then the call runs and returns its real result', async () => {
    const { h } = await heldThenSignal(suspend, 'SIGUSR1', 'plain', (pid) => procState(pid) === 'T');
    await new Promise((res) => setTimeout(res, 200));
    expect(procState(h.pid)).toBe('T');
    expect(h.resume(h.pid)).toBe(true);
    const res = await h.result;
    const m = /getppid = (-?\d+) errno=(\S+) handler_ms=(-?\d+)/.exec(res.stdout ?? '')!;
    expect([Number(m[1]) > 0, m[2], Number(m[3]) >= 0]).toEqual([true, '0', true]);
    expect(res.counts[0]).toMatchObject({ matched: 1, acted: 1 });
  });
});
