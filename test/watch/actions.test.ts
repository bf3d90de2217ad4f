// Actions that sct watch takes on a process it did not start, and where events go (-o).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../helpers/host/index.js';
import { program } from '../helpers/c-programs.js';
import { noCgroup2 } from '../helpers/watch-build.js';
import { startWatch, watchTestFile } from './watch-process.js';

const { skip, dir } = watchTestFile('actions.test.ts');
const cgroup2Missing = noCgroup2();
if (skip === undefined && cgroup2Missing) process.stderr.write(`test/watch/actions.test.ts: FAIL test skipped: ${cgroup2Missing}\n`);

describe('sct watch actions', () => {
  beforeEach(skipWhen(skip));
  it('KILL after the call: the caller dies with the signal, the call has run, the event says so', async () => {
    // A copy of rm under a comm of its own: the rule is scoped to it and can reach nothing else.
    const rm = join(dir, 'sct-kill-rm');
    copyFileSync('/bin/rm', rm);
    const rules = join(dir, 'kill.sct');
    writeFileSync(rules, 'rule { syscall_name = unlinkat when = after action { type = KILL signal = SIGKILL } }');
    const w = await startWatch(['-c', rules, '--comm', 'sct-kill-rm']);
    const victim = join(dir, 'k-victim');
    writeFileSync(victim, '');
    const r = spawnSync(rm, [victim]);
    const line = await w.waitForLine((l) => l.includes('k-victim'));
    await w.stop();
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(victim)).toBe(false);
    expect(line).toMatch(/^unlinkat pid=\d+ ppid=\d+ uid=0 comm=sct-kill-rm path=".*k-victim" = 0 \[KILL\]$/);
  });

  it('-o FILE: events go to the file, the status lines stay on stderr', async () => {
    const out = join(dir, 'events.ndjson');
    const w = await startWatch(['-e', 'trace=unlinkat', '--json', '-o', out, '--comm', 'rm']);
    const victim = join(dir, 'o-victim');
    writeFileSync(victim, '');
    spawnSync('rm', [victim]);
    const t0 = Date.now();
    while (!(existsSync(out) && readFileSync(out, 'utf8').includes('o-victim')) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 50));
    const r = await w.stop();
    expect(r.stdout).toEqual([]);
    const events = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(events.find((e) => e.mem?.['1']?.text === victim)).toMatchObject({ syscall: 'unlinkat', proc: { comm: 'rm' } });
    expect(r.stderr).toContain('sct: watching 1 rule(s) on 1 syscall(s) (ebpf)');
  });

  it('FAIL connect through the cgroup socket hooks: the port the filter names gets EACCES, another port its own ECONNREFUSED', async (ctx) => {
    skipWhen(cgroup2Missing)(ctx);
    // Ports nothing else on the machine uses: the hook is system-wide, the filter scopes it.
    const rules = join(dir, 'fail.sct');
    writeFileSync(rules, 'rule { syscall_name = connect filter_expression { addr.port == 47913 } action { type = FAIL error = EACCES } }');
    const w = await startWatch(['-c', rules]);
    const probe = (port: number): string => {
      const js = `require('net').connect(${port}, '127.0.0.1').on('error', (e) => { console.log(e.code); process.exit(0); }).on('connect', () => { console.log('connected'); process.exit(0); })`;
      return spawnSync(process.execPath, ['-e', js], { encoding: 'utf8' }).stdout.trim();
    };
    const denied = probe(47913);
    const other = probe(47914);
    const line = await w.waitForLine((l) => l.startsWith('connect '));
    const r = await w.stop();
    expect(denied).toBe('EACCES');
    expect(other).toBe('ECONNREFUSED');
    expect(line).toMatch(/^connect pid=\d+ ppid=\d+ uid=0 comm=node .*\[FAIL at sys_enter\]$/);
    expect(r.stderr).toMatch(/rule 1: 1 hit\(s\)/);
  });
  it('FAIL sendto and sendmsg through the cgroup sendmsg hooks: a UDP datagram to the port the filter names gets the errno, to another port it goes', async (ctx) => {
    skipWhen(cgroup2Missing)(ctx);
    const rules = join(dir, 'fail-sendto.sct');
    writeFileSync(rules, [
      'rule { syscall_name = sendto filter_expression { addr.port == 47915 } action { type = FAIL error = EPERM } }',
      'rule { syscall_name = sendmsg action { type = FAIL error = ENETUNREACH } }',
    ].join('\n'));
    // A process sct did not start (test/c/udp_send.c), unconnected UDP: sendto, or sendmsg with an address.
    const bin = program('udp_send');
    const comm = basename(bin).slice(0, 15);
    const w = await startWatch(['-c', rules, '--comm', comm]);
    const send = (call: 'sendto' | 'sendmsg', port: number): string => spawnSync(bin, [call, String(port)], { encoding: 'utf8' }).stdout.trim();
    const denied = send('sendto', 47915);
    const other = send('sendto', 47916);
    const viaMsg = send('sendmsg', 47916);
    const line = await w.waitForLine((l) => l.startsWith('sendmsg '));
    const r = await w.stop();
    expect([denied, other, viaMsg]).toEqual(['EPERM', 'sent', 'ENETUNREACH']);
    expect(r.stdout.find((l) => l.startsWith('sendto '))).toMatch(new RegExp(`^sendto pid=\\d+ ppid=\\d+ uid=0 comm=${comm} .*\\[FAIL at sys_enter\\]$`));
    expect(line).toMatch(new RegExp(`^sendmsg pid=\\d+ ppid=\\d+ uid=0 comm=${comm} .*\\[FAIL at sys_enter\\]$`));
    expect(r.stderr).toMatch(/rule 1: 1 hit\(s\)/);
    expect(r.stderr).toMatch(/rule 2: 1 hit\(s\)/);
  });
});
