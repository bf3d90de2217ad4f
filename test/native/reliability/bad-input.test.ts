// Bad input and missing kernel features: typed errors with clear messages, through runWithRules
// and the CLI; Node itself never crashes. Also resumeSeccompTarget (`sct resume`).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CommandNotExecutableError, CommandNotFoundError, runWithRules, startWithRules } from '../../../harness/src/engine/run.js';
import { CompileError } from '../../../harness/src/filter/index.js';
import type { Rule } from '../../../harness/src/rules/model.js';
import { resumeSeccompTarget } from '../../../harness/src/engine/resume.js';
import { cliPath } from '../engine/helpers.js';
import { buildPrograms, FAIL, procState, rule, waitFor, type Programs } from './helpers.js';
import { builtCli, cc, needs } from '../../helpers/host/index.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());
beforeEach(needs(cc));

function sct(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cliPath(), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
}

describe('bad input through runWithRules', () => {
  it.each([
    ['an unknown syscall', () => rule('no_such_syscall', FAIL()), /no_such_syscall/],
    ['an unknown errno', () => rule('openat', FAIL('ENOTANERRNO')), /ENOTANERRNO/],
  ])('%s: a CompileError naming it', async (_what, make, message) => {
    const err = await (async () => runWithRules({ command: '/bin/true', rules: [make()] }))().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompileError);
    expect((err as Error).message).toMatch(message);
  });

  it('a program that does not exist: CommandNotFoundError', async () => {
    await expect(runWithRules({ command: '/nonexistent/sct-prog', rules: [] })).rejects.toBeInstanceOf(CommandNotFoundError);
  });

  it('a directory, or a file without execute permission: CommandNotExecutableError saying why', async () => {
    await expect(runWithRules({ command: '/tmp', rules: [] })).rejects.toThrow(/it is a directory/);
    const file = join(progs.dir, 'not-executable');
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o600);
    const err = await runWithRules({ command: file, rules: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandNotExecutableError);
    expect((err as Error).message).toMatch(/permission denied/);
  });
});

describe('bad input through the CLI', () => {
  beforeEach(needs(builtCli));

  it.each([
    // sct's own failures in a command that runs a target: 125, never a code the target could give.
    [['run', '-e', 'inject=no_such_syscall:error=EACCES', '--', '/bin/true'], 125, /no_such_syscall/],
    [['run', '-e', 'inject=openat:error=ENOTANERRNO', '--', '/bin/true'], 125, /ENOTANERRNO/],
    [['run', '-c', '/nonexistent/rules.sct', '--', '/bin/true'], 125, /cannot read rule file `\/nonexistent\/rules.sct`: ENOENT/],
    [['trace', '-e', 'inject=openat:error=ENOTANERRNO', '--', '/bin/true'], 125, /ENOTANERRNO/],
    [['explore', '/nonexistent/scenario.ts'], 125, /nonexistent\/scenario\.ts/],
    [['run', '--', '/nonexistent/sct-prog'], 127, /command not found/],
    [['run', '--', '/tmp'], 126, /it is a directory/],
    // A command line that cannot be parsed: 2.
    [['run', '--bogus', '--', '/bin/true'], 2, /unknown option '--bogus'/],
    [['run', '--timeout', 'soon', '--', '/bin/true'], 2, /Expected the `--timeout` option to be a positive integer \(ms\), got `soon`/],
    [['run', '-e', 'inject=openat:error=EACCES'], 2, /needs a command to run/],
    [['trace'], 2, /needs a command to run/],
    [['explore', '--runs', 'many', 'scenarios/read-eintr.ts'], 2, /Expected `--runs` to be a whole number, got `many`/],
  ])('sct %j exits %i with a clear message', (args, code, message) => {
    const r = sct(args);
    expect(r.status).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });
});

describe("the target's own status passes through, 2 included", () => {
  beforeEach(needs(builtCli));

  it.each([
    ['sort of a missing file', ['sort', '/nonexistent/sct-input'], 2, /sort: cannot read: \/nonexistent\/sct-input/],
    ['sh exiting 2', ['sh', '-c', 'exit 2'], 2, /^$/],
    ['sh exiting 125', ['sh', '-c', 'exit 125'], 125, /^$/],
  ])('%s', (_what, argv, code, stderr) => {
    const r = sct(['run', '--no-summary', '--', ...argv]);
    expect(r.status).toBe(code);
    expect(r.stderr).toMatch(stderr);
  });
});

describe('missing kernel features (faked with SCT_FAKE_MISSING_FEATURE, test-only)', () => {
  beforeEach(needs(builtCli));

  it.each([
    ['user_notif', ['-e', 'inject=openat:error=EACCES', '-P', '/etc/hostname'], /seccomp user notification.*Linux 5\.0/],
    ['notif_continue', ['-e', 'inject=write:error=EIO:when=2'], /SECCOMP_USER_NOTIF_FLAG_CONTINUE.*Linux 5\.5/],
  ])('%s: the error names the feature, the running kernel and the version needed', (feature, rules, message) => {
    const r = sct(['run', ...rules, '--', '/bin/true'], { SCT_FAKE_MISSING_FEATURE: feature });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
  });
});

describe('resumeSeccompTarget (sct resume)', () => {
  it('resumes a suspended target; refuses a process that is not under sct, or gone', async () => {
    let out = '';
    const h = startWithRules({ command: progs.bin('held_signal'), args: ['plain'], rules: [rule('getppid', { type: 'SUSPEND' })], onStdout: (c) => (out += c.toString()) });
    expect(await waitFor(() => procState(h.pid) === 'T' && out.includes('ready'))).toBe(true);
    expect(() => resumeSeccompTarget(process.pid)).toThrow(expect.objectContaining({ code: 'SCT_NOT_SCT_TARGET' }));
    resumeSeccompTarget(h.pid);
    const r = await h.result;
    expect([r.exitCode, /getppid = \d+ errno=0/.test(r.stdout ?? '')]).toEqual([0, true]);
    expect(() => resumeSeccompTarget(h.pid)).toThrow(expect.objectContaining({ code: 'SCT_NO_SUCH_PROCESS' }));
  });

  it('a target whose SIGSTOP is still pending (SUSPEND has reported, the stop has not landed) is resumed, not refused', async () => {
    // A callback holds getppid: the target waits in the notification, where a SIGSTOP stays pending
    // (state S) until the answer, the window a `sct resume` run on the "suspended" line can hit.
    const seen: { state: string; pending: boolean; error?: string }[] = [];
    const callback: Rule['callback'] = (ctx) => {
      process.kill(ctx.pid, 'SIGSTOP');
      const state = procState(ctx.pid);
      const shdPnd = /^ShdPnd:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${ctx.pid}/status`, 'utf8'))?.[1] ?? '0';
      const pending = (BigInt(`0x${shdPnd}`) & (1n << 18n)) !== 0n; // SIGSTOP
      try {
        resumeSeccompTarget(ctx.pid);
        seen.push({ state, pending });
      } catch (error) {
        seen.push({ state, pending, error: (error as { code?: string }).code });
      }
      return undefined;
    };
    const r = await runWithRules({ command: progs.bin('getppid_n'), args: ['1'], rules: [{ ...rule('getppid', { type: 'LOG' }), callback }] });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.error).toBeUndefined();
    // Not yet stopped (S, the stop pending) where the wait is killable only; stopped already (T)
    // on a kernel whose wait a SIGSTOP interrupts. Either way resumed: the program ends.
    expect(seen[0]!.state === 'T' || seen[0]!.pending, JSON.stringify(seen[0])).toBe(true);
    expect([r.exitCode, r.signal]).toEqual([0, null]);
  });

  it('a running (not suspended) target: SCT_NOT_SUSPENDED', async () => {
    const h = startWithRules({ command: '/bin/sleep', args: ['5'], rules: [rule('getppid', { type: 'SUSPEND' })] });
    expect(await waitFor(() => procState(h.pid) === 'S')).toBe(true);
    expect(() => resumeSeccompTarget(h.pid)).toThrow(expect.objectContaining({ code: 'SCT_NOT_SUSPENDED' }));
    h.kill();
    await h.result;
  });
});
