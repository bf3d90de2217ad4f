// syscalltrack/vitest: withFaults() runs a command like execa and keeps the injection record;
// the matchers read it, and refuse (NotRecordedError) to answer about syscalls not recorded.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rule } from '../../../harness/src/rules/builder/index.js';
import { NotRecordedError, withFaults } from '../../../harness/src/vitest/index.js';

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((s) => s.end('hello\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('withFaults', () => {
  it('returns the command result and what was injected', async () => {
    const run = await withFaults([rule.before('openat').where({ path: '/etc/hostname' }).fail('EACCES')], 'cat', ['/etc/hostname']);
    expect(run).toMatchObject({ exitCode: 1, signal: null, failed: true, stdout: '', stderr: 'cat: /etc/hostname: Permission denied\n' });
    expect(run.injections).toEqual([{ rule: '#1', syscall: 'openat', times: 1 }]);
    expect(run).toHaveInjected('openat', { errno: 'EACCES', times: 1 });
    expect(run).toHaveInjected('@open');
    expect(run).not.toHaveInjected('openat', { errno: 'ENOENT' });
    expect(() => expect(run).toHaveInjected('openat', { times: 2 })).toThrow(/expected an injection of openat 2 times, found 1 injection; all injections: openat×1 \(#1\)/);
  });

  it('counts tier-1 rules too (count: true), by rule name', async () => {
    const run = await withFaults([rule.before('getppid').fail('EPERM').named('no-ppid')], 'sh', ['-c', 'echo $PPID; exit 0']);
    expect(run.exitCode).toBe(0);
    expect(run.counts[0]).toMatchObject({ counted: true });
  });

  it('records the connect it was asked to record, with the decoded address', async () => {
    const run = await withFaults([], 'bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}; head -n1 <&3`], { record: ['connect'] });
    expect(run.stdout).toBe('hello\n');
    expect(run.recorded).toEqual(['connect']);
    expect(run).toHaveSyscall('connect', { addr: { port } });
    expect(run).toHaveSyscall('connect', { addr: { family: 'AF_INET', ip: '127.0.0.1', port }, times: 1 });
    expect(run).not.toHaveSyscall('connect', { addr: { port: port + 1 } });
    expect(run.stderr).toBe(''); // recording is silent
  });

  it('a FAIL rule and a record on the same syscall: both are seen', async () => {
    // Filtered by port: in the VM guest, bash's name lookups first try nscd (two connect()s to
    // /var/run/nscd/socket, seen with strace there), and an unfiltered rule fails those too.
    const run = await withFaults([rule.before('connect').where({ addr: { port } }).fail('ECONNREFUSED')], 'bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`], { record: ['connect'] });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/Connection refused/);
    expect(run).toHaveInjected('connect', { errno: 'ECONNREFUSED', times: 1 });
  });

  it('throws NotRecordedError when asked about a syscall it did not record', async () => {
    const run = await withFaults([rule.before('openat').where({ path: '/nonexistent-sct' }).fail('EACCES')], 'true', []);
    let error: unknown;
    try {
      expect(run).toHaveSyscall('connect', { addr: { port: 8080 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotRecordedError);
    expect(error).toMatchObject({ code: 'SCT_NOT_RECORDED', syscall: 'connect', message: expect.stringMatching(/^`connect` was not recorded in this run \(recorded: nothing\); pass `record: \['connect'\]`/) });
    expect(() => expect(run).not.toHaveInjected('unlink')).toThrow(NotRecordedError);
    // A syscall a rule covers can be asked about: no injection is a real "no".
    expect(run).not.toHaveInjected('openat');
  });
});
