// Signed 32-bit arguments in both tiers: kill(-1, 0) arrives with the pid as 0x00000000ffffffff
// (a 32-bit mov) or 0xffffffffffffffff; a `pid <= 0` rule must match both, whether the BPF filter
// decides it (tier 1) or the supervisor's bytecode (tier 2, PUSH_ARG with SCT_ARGW_S32).
// The program only ever sends signal 0 (a permission check): see c/kill_neg.c.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileFilter } from '../../../harness/src/filter/index.js';
import { runWithRules } from '../../../harness/src/engine/run.js';
import { evalProg } from '../../../harness/src/engine/native.js';
import { lookupSyscall } from '../../../harness/src/tables/index.js';
import { buildPrograms, cmp, FAIL, lines, n, p, rule, type Programs } from './helpers.js';
import { cc, needs } from '../../helpers/host/index.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());
beforeEach(needs(cc));

const pidLe0 = cmp('<=', p('pid'), n(0));
const EXPECTED = ['kill32 -1 EPERM', 'kill64 -1 EPERM', 'self 0'];

describe('signed 32-bit arguments (kill pid <= 0)', () => {
  it('the supervisor interpreter (prog_eval.cc) reads pid as a sign-extended low half', () => {
    const prog = compileFilter(pidLe0, lookupSyscall('kill', 'x86_64')!);
    expect(evalProg(prog, { args: [0xffffffffn, 0n] })).toBe(true);
    expect(evalProg(prog, { args: [-1n, 0n] })).toBe(true);
    expect(evalProg(prog, { args: [5n, 0n] })).toBe(false);
    expect(evalProg(prog, { args: [-0x100000000n + 5n, 0n] })).toBe(false); // 0xffffffff00000005: pid 5
  });

  it('tier 2 (a trigger, counted): both spellings of -1 fail with EPERM, kill(self) does not', async () => {
    const r = await runWithRules({
      command: progs.bin('kill_neg'),
      rules: [rule('kill', FAIL('EPERM'), { filter: pidLe0, trigger: { scope: 'tree', when: { first: 1 } } })],
    });
    expect(r.exitCode).toBe(0);
    expect(lines(r.stdout)).toEqual(EXPECTED);
    expect(r.counts[0]).toMatchObject({ tier: 2, counted: true, matched: 2, acted: 2 });
  });

  it('tier 2 through --count (no trigger): the same', async () => {
    const r = await runWithRules({ command: progs.bin('kill_neg'), count: true, rules: [rule('kill', FAIL('EPERM'), { filter: pidLe0 })] });
    expect(lines(r.stdout)).toEqual(EXPECTED);
    expect(r.counts[0]).toMatchObject({ tier: 2, counted: true, matched: 2, acted: 2 });
  });

  it('tier 1 (scalar only, not counted) agrees', async () => {
    const r = await runWithRules({ command: progs.bin('kill_neg'), rules: [rule('kill', FAIL('EPERM'), { filter: pidLe0 })] });
    expect(r.exitCode).toBe(0);
    expect(lines(r.stdout)).toEqual(EXPECTED);
    expect(r.counts[0]).toMatchObject({ tier: 1, counted: false });
  });
});
