// Tier 3: rules decided under ptrace (seccomp RET_TRACE stops, and exit stops for after-rules).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { NativeActionType, NativeEventKind } from '../../harness/src/engine/native-binding.js';
import { errnoByName } from '../../harness/src/tables/constants.js';
import { lookupSyscall } from '../../harness/src/tables/syscalls.js';
import { RET, routeFilter } from './helpers/bpf.js';
import { program } from '../helpers/c-programs.js';
import { argAtLeast, strArgEquals } from './helpers/prog.js';
import { rule, run } from './helpers/run.js';
import { cc, needs } from '../helpers/host/index.js';

beforeEach(needs(cc));

const WRITE = lookupSyscall('write')!.nr;
const OPENAT = lookupSyscall('openat')!.nr;
const EIO = errnoByName('EIO')!;
const traceWrite = { bpf: routeFilter({ [WRITE]: RET.TRACE }), needsPtrace: true };
const toFile = argAtLeast(0, 3n); // write(fd >= 3): the data file, not stdout

async function writer(rules: Parameters<typeof rule>[0][]) {
  const r = await run([program('writer'), 'data'], { ...traceWrite, rules: rules.map((x) => rule({ tier: 3, ...x })) });
  // run() uses a fresh temp dir as cwd; the stdout file sits next to `data`
  return r;
}

describe('tier 3 (ptrace)', () => {
  it('FAIL after write: the data lands in the file and the program sees the errno', async () => {
    const r = await writer([{ phase: 1, nrs: [WRITE], prog: toFile, action: { type: NativeActionType.FAIL, errno: EIO } }]);
    expect(r.stdout).toBe('write -1 EIO\n');
    const ev = r.events.find((e) => e.kind === NativeEventKind.RULE)!;
    expect(ev).toMatchObject({ phase: 1, retval: 11n, seen: -BigInt(EIO), acted: true });
    expect(readFileSync(join(r.cwd, 'data'), 'utf8')).toBe('hello world');
  });

  it('ALTER_REG shrinks write count: a short write', async () => {
    const r = await writer([{ nrs: [WRITE], prog: toFile, action: { type: NativeActionType.ALTER_REG, arg: 2, value: 3n } }]);
    expect(r.stdout).toBe('write 3\n');
    expect(readFileSync(join(r.cwd, 'data'), 'utf8')).toBe('hel');
  });

  it('ALTER_RET changes what the call returns', async () => {
    const r = await writer([{ phase: 1, nrs: [WRITE], prog: toFile, action: { type: NativeActionType.ALTER_RET, value: 7n } }]);
    expect(r.stdout).toBe('write 7\n');
    expect(readFileSync(join(r.cwd, 'data'), 'utf8')).toBe('hello world');
  });

  it('FAIL before the call: one-stop injection, nothing written', async () => {
    const r = await writer([{ nrs: [WRITE], prog: toFile, action: { type: NativeActionType.FAIL, errno: EIO } }]);
    expect(r.stdout).toBe('write -1 EIO\n');
    expect(readFileSync(join(r.cwd, 'data'), 'utf8')).toBe('');
  });

  it('follows forks: FORK/EXEC/EXIT events, and the child is traced', async () => {
    const r = await run([program('forker'), program('open_probe'), '/etc/passwd'], {
      bpf: routeFilter({ [OPENAT]: RET.TRACE }),
      needsPtrace: true,
      rules: [rule({ tier: 3, nrs: [OPENAT], prog: strArgEquals(1, '/etc/passwd'), action: { type: NativeActionType.FAIL, errno: errnoByName('EACCES')! } })],
    });
    expect(r.stdout).toBe('open /etc/passwd = -EACCES\nchild status 0\n');
    const fork = r.events.find((e) => e.kind === NativeEventKind.FORK)!;
    expect(fork).toMatchObject({ pid: r.pid });
    expect(r.events.some((e) => e.kind === NativeEventKind.EXEC && e.pid === fork.child && e.message === program('open_probe'))).toBe(true);
    expect(r.events.filter((e) => e.kind === NativeEventKind.EXIT).map((e) => e.pid).sort()).toEqual([r.pid, fork.child].sort());
  });

  it('SUSPEND after the call: the process stops until resume()', async () => {
    let state = '';
    let resumed: boolean | undefined;
    const r = await run([program('open_probe'), '/etc/passwd', '/etc/hostname'], {
      bpf: routeFilter({ [OPENAT]: RET.TRACE }),
      needsPtrace: true,
      rules: [rule({ tier: 3, phase: 1, nrs: [OPENAT], prog: strArgEquals(1, '/etc/passwd'), action: { type: NativeActionType.SUSPEND, us: 0 } })],
      onEvents: (batch, sup) => {
        if (!batch.some((e) => e.kind === NativeEventKind.RULE)) return;
        const deadline = Date.now() + 5000;
        const poll = () => {
          state = readFileSync(`/proc/${sup.pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0]!;
          if (!/[Tt]/.test(state) && Date.now() < deadline) return void setTimeout(poll, 5);
          setTimeout(() => (resumed = sup.resume(sup.pid)), 100);
        };
        poll();
      },
    });
    expect(state).toMatch(/[Tt]/);
    expect(resumed).toBe(true);
    expect(r.stdout).toBe('open /etc/passwd = ok\nopen /etc/hostname = ok\n');
  });
});

