// SUSPEND: the process is stopped (job control) with the call held, until resumed.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWithRules } from '../../../harness/src/engine/run.js';
import { buildPrograms, cmp, lines, p, procState, rule, str, waitFor, type Programs } from './helpers.js';
import { waitMs } from '../../helpers/scale.js';
import { cc, needs } from '../../helpers/host/index.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());
beforeEach(needs(cc));

type How = 'resume()' | 'kill -CONT' | 'duration';

async function suspended(phase: 'before' | 'after', how: How, tier3 = false) {
  const file = join(progs.dir, `created-${phase}-${how.replace(/\W/g, '')}-${tier3 ? 3 : 2}`);
  rmSync(file, { force: true });
  const rules = [
    rule('openat', { type: 'SUSPEND', ...(how === 'duration' ? { us: waitMs(400) * 1000 } : {}) }, { phase, filter: cmp('==', p('path'), str(file)) }),
    // An after rule on openat moves every openat rule to tier 3 (ptrace).
    ...(tier3 ? [rule('openat', { type: 'LOG' }, { phase: 'after', filter: cmp('==', p('path'), str('/nonexistent')) })] : []),
  ];
  let out = '';
  const h = startWithRules({ command: progs.bin('create_file'), args: [file], rules, onStdout: (c) => (out += c.toString()) });
  const stopped = await waitFor(() => /^[Tt]$/.test(procState(h.pid)) && out.includes('before'));
  const state = procState(h.pid);
  const existed = existsSync(file);
  const before = out;
  if (how === 'resume()') expect(h.resume(h.pid)).toBe(true);
  if (how === 'kill -CONT') execFileSync('kill', ['-CONT', String(h.pid)]);
  const res = await h.result;
  return { stopped, state, existed, before, res, exists: existsSync(file) };
}

describe('SUSPEND', () => {
  for (const how of ['resume()', 'kill -CONT', 'duration'] as const) {
    it(`before, tier 2: state T with the call not run (no file yet); after ${how} the file exists and the program ends`, async () => {
      const s = await suspended('before', how);
      expect([s.stopped, s.state, s.existed, s.before]).toEqual([true, 'T', false, 'before\n']);
      expect([s.exists, lines(s.res.stdout), s.res.exitCode]).toEqual([true, ['before', 'openat = fd'], 0]);
      expect(s.res.counts[0]).toMatchObject({ matched: 1, acted: 1 });
    });
  }

  it('before, tier 3: stopped (ptrace shows t) with the call not run; resume runs it once', async () => {
    const s = await suspended('before', 'resume()', true);
    expect([s.stopped, s.state, s.existed]).toEqual([true, 't', false]);
    expect([s.exists, lines(s.res.stdout), s.res.exitCode]).toEqual([true, ['before', 'openat = fd'], 0]);
    expect(s.res.counts[0]).toMatchObject({ matched: 1, acted: 1 });
  });

  for (const how of ['resume()', 'kill -CONT'] as const) {
    it(`after (tier 3): stopped with the call done (the file exists); ${how} lets it go on. ptrace shows t, not T`, async () => {
      const s = await suspended('after', how);
      expect([s.stopped, s.state, s.existed]).toEqual([true, 't', true]);
      expect([lines(s.res.stdout), s.res.exitCode]).toEqual([['before', 'openat = fd'], 0]);
    });
  }
});
