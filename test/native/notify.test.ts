// Tier 2: rules decided on seccomp user notifications.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { NativeActionType, NativeEventKind } from '../../harness/src/engine/native-binding.js';
import { errnoByName } from '../../harness/src/tables/constants.js';
import { lookupSyscall } from '../../harness/src/tables/syscalls.js';
import { RET, routeFilter } from './helpers/bpf.js';
import { program } from '../helpers/c-programs.js';
import { strArgEquals } from './helpers/prog.js';
import { rule, run } from './helpers/run.js';
import { cc, needs } from '../helpers/host/index.js';

beforeEach(needs(cc));

const OPENAT = lookupSyscall('openat')!.nr;
const EACCES = errnoByName('EACCES')!;
const notifyOpenat = { bpf: routeFilter({ [OPENAT]: RET.USER_NOTIF }), needsNotify: true };

describe('tier 2 (user notification)', () => {
  it('FAIL with a string filter: only the matching path fails', async () => {
    const r = await run([program('open_probe'), '/etc/hostname', '/etc/passwd'], {
      ...notifyOpenat,
      rules: [rule({ nrs: [OPENAT], prog: strArgEquals(1, '/etc/passwd'), action: { type: NativeActionType.FAIL, errno: EACCES } })],
    });
    expect(r.stdout).toBe('open /etc/hostname = ok\nopen /etc/passwd = -EACCES\n');
    expect(r.exit.exitCode).toBe(0);
    expect(r.exit.counts[1]).toEqual({ matched: 1, acted: 1 });
    const ev = r.events.filter((e) => e.kind === NativeEventKind.RULE);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ ruleId: 1, nr: OPENAT, acted: true, pid: r.pid, mem: { 1: '/etc/passwd' } });
  });

  it('trigger: only the 2nd and 3rd matching calls fail', async () => {
    const r = await run([program('open_probe'), '/etc/passwd', '/etc/passwd', '/etc/passwd', '/etc/passwd'], {
      ...notifyOpenat,
      rules: [
        rule({
          nrs: [OPENAT],
          prog: strArgEquals(1, '/etc/passwd'),
          action: { type: NativeActionType.FAIL, errno: EACCES },
          trigger: { first: 2, last: 3, step: 1, p: 1, seed: 0, max: 0, scope: 0 },
        }),
      ],
    });
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split(' = ')[1])).toEqual(['ok', '-EACCES', '-EACCES', 'ok']);
    expect(r.exit.counts[1]).toEqual({ matched: 4, acted: 2 });
  });

  it('LOG reports and lets the call run; RETURN replaces the result', async () => {
    const r = await run([program('open_probe'), '/etc/passwd'], {
      ...notifyOpenat,
      rules: [
        rule({ id: 7, nrs: [OPENAT], prog: strArgEquals(1, '/etc/passwd'), action: { type: NativeActionType.LOG }, report: true }),
        rule({ id: 8, nrs: [OPENAT], prog: strArgEquals(1, '/etc/passwd'), action: { type: NativeActionType.FAIL, errno: errnoByName('ENOENT')! } }),
      ],
    });
    expect(r.stdout).toBe('open /etc/passwd = -ENOENT\n');
    expect(r.events.filter((e) => e.kind === NativeEventKind.RULE).map((e) => e.ruleId)).toEqual([7, 8]);
  });

  it('DELAY holds the call at least the duration', async () => {
    const us = 300_000;
    const t0 = process.hrtime.bigint();
    const r = await run([program('open_probe'), '/etc/passwd'], {
      ...notifyOpenat,
      rules: [rule({ nrs: [OPENAT], prog: strArgEquals(1, '/etc/passwd'), action: { type: NativeActionType.DELAY, us } })],
    });
    const elapsedUs = Number(process.hrtime.bigint() - t0) / 1000;
    expect(r.stdout).toBe('open /etc/passwd = ok\n');
    expect(elapsedUs).toBeGreaterThanOrEqual(us);
    // the event's timestamp and the exit: the call itself was held (not the exit), via the event time
    expect(r.exit.counts[1]).toEqual({ matched: 1, acted: 1 });
  });

  it('SUSPEND stops the process (state T) until resume()', async () => {
    let state = '';
    let resumed: boolean | undefined;
    const r = await run([program('open_probe'), '/etc/passwd', '/etc/hostname'], {
      ...notifyOpenat,
      rules: [rule({ nrs: [OPENAT], prog: strArgEquals(1, '/etc/passwd'), action: { type: NativeActionType.SUSPEND, us: 0 } })],
      onEvents: (batch, sup) => {
        if (!batch.some((e) => e.kind === NativeEventKind.RULE)) return;
        const deadline = Date.now() + 5000;
        // the stop lands right after the reply; poll briefly
        const poll = () => {
          state = readFileSync(`/proc/${sup.pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0]!;
          if (state !== 'T' && Date.now() < deadline) return void setTimeout(poll, 5);
          setTimeout(() => (resumed = sup.resume(sup.pid)), 100);
        };
        poll();
      },
    });
    expect(state).toBe('T');
    expect(resumed).toBe(true);
    expect(r.stdout).toBe('open /etc/passwd = ok\nopen /etc/hostname = ok\n');
    expect(r.exit.exitCode).toBe(0);
  });

  it('follows forks and execs: a child process is caught too', async () => {
    const r = await run([program('forker'), program('open_probe'), '/etc/passwd'], {
      ...notifyOpenat,
      rules: [rule({ nrs: [OPENAT], prog: strArgEquals(1, '/etc/passwd'), action: { type: NativeActionType.FAIL, errno: EACCES } })],
    });
    expect(r.stdout).toBe('open /etc/passwd = -EACCES\nchild status 0\n');
    const ev = r.events.find((e) => e.kind === NativeEventKind.RULE)!;
    expect(ev.pid).not.toBe(r.pid);
  });

  it('ALTER_MEM redirects a path to one no longer than the original', async () => {
    const r = await run([program('open_probe'), '/etc/passwd'], {
      ...notifyOpenat,
      rules: [
        rule({
          nrs: [OPENAT],
          prog: strArgEquals(1, '/etc/passwd'),
          action: { type: NativeActionType.ALTER_MEM, arg: 1, bytes: new TextEncoder().encode('/nonexist\0') },
        }),
      ],
    });
    expect(r.stdout).toBe('open /nonexist = -ENOENT\n'); // the program's own buffer was rewritten
  });
});
