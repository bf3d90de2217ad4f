// Many processes and threads hitting counting rules at once: nothing lost, nothing injected twice.
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWithRules } from '../../../harness/src/engine/run.js';
import { buildPrograms, cmp, FAIL, lines, p, rule, str, type Programs } from './helpers.js';
import { cc, needs } from '../../helpers/host/index.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());
beforeEach(needs(cc));

const PROCS = 4;
const THREADS = 4;
const CALLS = 2500; // 40,000 matching calls in all

function parse(stdout: string | undefined) {
  const procs = lines(stdout).filter((l) => l.startsWith('proc '));
  const total = (key: string) => procs.reduce((s, l) => s + Number(new RegExp(`${key}=(\\d+)`).exec(l)![1]), 0);
  const perThread = procs.flatMap((l) => /thread_eacces=([\d,]+)/.exec(l)![1]!.split(',').map(Number));
  return { procs: procs.length, calls: total('calls'), eacces: total('eacces'), perThread };
}

describe('stress: 4 processes x 4 threads under counting rules', () => {
  it('every 3rd call tree-wide fails: matched = calls made, acted = calls/3, and the programs saw exactly that many EACCES', async () => {
    const missing = join(progs.dir, 'missing-tree');
    const r = await runWithRules({
      command: progs.bin('stress_open'),
      args: [String(PROCS), String(THREADS), String(CALLS), missing],
      rules: [rule('openat', FAIL('EACCES'), { filter: cmp('==', p('path'), str(missing)), trigger: { scope: 'tree', when: { first: 3, step: 3 } } })],
    });
    const made = PROCS * THREADS * CALLS;
    const out = parse(r.stdout);
    expect([r.exitCode, out.procs, out.calls]).toEqual([0, PROCS, made]);
    expect(r.counts[0]).toMatchObject({ tier: 2, matched: made, acted: Math.floor(made / 3) });
    expect(out.eacces).toBe(r.counts[0]!.acted);
  });

  it('per-thread counting: every thread sees exactly its own every-4th failure', async () => {
    const missing = join(progs.dir, 'missing-thread');
    const r = await runWithRules({
      command: progs.bin('stress_open'),
      args: [String(PROCS), String(THREADS), String(CALLS), missing],
      rules: [rule('openat', FAIL('EACCES'), { filter: cmp('==', p('path'), str(missing)), trigger: { scope: 'thread', when: { first: 4, step: 4 } } })],
    });
    const out = parse(r.stdout);
    expect(out.perThread).toEqual(Array(PROCS * THREADS).fill(Math.floor(CALLS / 4)));
    expect(r.counts[0]).toMatchObject({ matched: PROCS * THREADS * CALLS, acted: out.eacces });
  });

  it('per-process counting with a max: at most max injections in all, each counted once', async () => {
    const missing = join(progs.dir, 'missing-proc');
    const r = await runWithRules({
      command: progs.bin('stress_open'),
      args: [String(PROCS), String(THREADS), String(CALLS), missing],
      rules: [rule('openat', FAIL('EACCES'), { filter: cmp('==', p('path'), str(missing)), trigger: { scope: 'process', when: { first: 10, step: 1 }, maxCount: 1000 } })],
    });
    const out = parse(r.stdout);
    expect(r.counts[0]).toMatchObject({ matched: PROCS * THREADS * CALLS, acted: 1000 });
    expect(out.eacces).toBe(1000);
  });
});
