// The built CLI (`npm run build`): exit codes, where LOG lines and the summary go, sct trace.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildPrograms, cliPath, lines, type Programs } from './helpers.js';
import { builtCli, cc, needs } from '../../helpers/host/index.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());
beforeEach(needs(cc));

function sct(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath(), ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const hostnameText = readFileSync('/etc/hostname', 'utf8');

describe('sct run', () => {
  beforeEach(needs(builtCli));

  it('passes the target\'s exit code through', () => {
    expect(sct('run', '--', 'sh', '-c', 'exit 7').status).toBe(7);
  });

  it('FAIL via -e inject and -P: the program sees EACCES on that path only', () => {
    const r = sct('run', '-e', 'inject=openat:error=EACCES', '-P', '/etc/hostname', '--', progs.bin('openf'), '/etc/hostname', '/etc/passwd');
    expect(lines(r.stdout)).toEqual(['open /etc/hostname = -1 EACCES', expect.stringMatching(/^open \/etc\/passwd = fd read/)]);
    expect(r.stderr).toMatch(/^sct: 1\s+2\s+1\s+1$/m);
  });

  it('KILL exits 137 (128 + SIGKILL)', () => {
    const rules = join(progs.dir, 'kill.sct');
    writeFileSync(rules, 'rule {\n  syscall_name = getppid\n  action { type = KILL; signal = SIGKILL }\n}\n');
    const r = sct('run', '-c', rules, '--', progs.bin('getppid_n'), '1');
    expect([r.status, r.stdout]).toEqual([137, '']);
  });

  it('writes LOG lines to stderr, never into the target\'s stdout', () => {
    const rules = join(progs.dir, 'log.sct');
    writeFileSync(rules, 'rule {\n  syscall_name = openat\n  rule_name = opens\n  filter_expression { path == "/etc/hostname" }\n  action { type = LOG; log_format {%rulename %sname %param2 %when} }\n}\n');
    const r = sct('run', '-c', rules, '--', 'cat', '/etc/hostname');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(hostnameText);
    expect(lines(r.stderr)).toContain('opens openat "/etc/hostname" before');
  });

  it('writes LOG lines to the -o file', () => {
    const out = join(progs.dir, 'log.txt');
    const r = sct('run', '-e', 'inject=openat:error=ENOENT', '-P', '/etc/hostname', '--json', '-o', out, '--', 'cat', '/etc/hostname');
    expect(r.status).toBe(1);
    const events = lines(readFileSync(out, 'utf8')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.find((e) => e.type === 'rule')).toMatchObject({ syscall: 'openat', seen: '-2', acted: true, mem: { 1: { text: '/etc/hostname' } } });
  });

  it('says that tier-1 rules are not counted', () => {
    const r = sct('run', '-e', 'inject=getppid:error=EPERM', '--', progs.bin('getppid_n'), '1');
    expect(r.stdout).toBe('1 -1 EPERM\n');
    expect(r.stderr).toMatch(/not counted/);
    expect(r.stderr).toContain('use --count');
  });

  it('exits 125 (sct failed, not the target) with every diagnostic for an invalid rule file, running nothing', () => {
    const rules = join(progs.dir, 'bad.sct');
    writeFileSync(rules, 'rule {\n  syscall_name = opnat\n  action { type = FAIL; error = EACCES }\n}\nrule {\n  syscall_name = read\n  action { type = FAIL; error = ENOPE }\n}\n');
    const r = sct('run', '-c', rules, '--', 'touch', join(progs.dir, 'never'));
    expect(r.status).toBe(125);
    expect(r.stderr).toMatch(/opnat/);
    expect(r.stderr).toMatch(/ENOPE/);
    expect(r.stderr).toContain(`--> ${rules}:2:`);
    expect(existsSync(join(progs.dir, 'never'))).toBe(false);
  });

  it('exits 2 without a command, 127 for a missing one', () => {
    expect(sct('run', '-e', 'inject=openat:error=EACCES').status).toBe(2);
    const r = sct('run', '--', 'no-such-command-sct');
    expect(r.status).toBe(127);
    expect(r.stderr).toContain('command not found');
  });

  it('exits 124 when --timeout expires', () => {
    expect(sct('run', '--timeout', '300', '--', 'sleep', '10').status).toBe(124);
  });

  it('--explain prints tiers and the filter\'s decisions without running', () => {
    const r = sct('run', '--explain', '-e', 'inject=openat:error=EACCES', '-e', 'inject=write:error=EIO:when=2');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/openat: tier 1: scalar-only, not counted/);
    expect(r.stdout).toMatch(/write: tier 2: a trigger/);
    expect(r.stdout).toMatch(/openat \(#\d+\): ERRNO\(EACCES\)/);
  });

  it('touch and rm under a failing unlinkat', () => {
    const file = join(progs.dir, 'keep');
    expect(sct('run', '--', 'touch', file).status).toBe(0);
    const r = sct('run', '-e', 'inject=unlinkat:error=EPERM', '--', 'rm', file);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Operation not permitted/);
    expect(existsSync(file)).toBe(true);
  });
});

describe('sct trace', () => {
  beforeEach(needs(builtCli));

  it('prints strace-like lines for cat /etc/hostname', () => {
    const r = sct('trace', '-e', 'trace=openat,read,write,close', '--', 'cat', '/etc/hostname');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(hostnameText);
    const out = lines(r.stderr);
    expect(out).toContainEqual(expect.stringMatching(/^openat\(AT_FDCWD, "\/etc\/hostname", O_RDONLY\) = \d+$/));
    const n = Buffer.byteLength(hostnameText);
    expect(out.filter((l) => l.startsWith('write(1, ') && l.endsWith(`, ${n}) = ${n}`))).toHaveLength(1);
    expect(out.at(-1)).toBe('+++ exited with 0 +++');
    expect(out.every((l) => /^(openat|read|write|close)\(|^\+\+\+/.test(l))).toBe(true);
  });

  it('traces every syscall by default, starting at the program\'s execve (not the supervisor\'s setup)', () => {
    const r = sct('trace', '--', 'true');
    const out = lines(r.stderr);
    expect(out[0]).toMatch(/^execve\("\/usr\/bin\/true", /);
    expect(out).toContainEqual(expect.stringMatching(/^openat\(AT_FDCWD, "\/etc\/ld.so.cache", O_RDONLY\|O_CLOEXEC\) = \d+$/));
    expect(out.at(-1)).toBe('+++ exited with 0 +++');
  });

  it('-f shows the children\'s calls with their pid; without -f only the program\'s own', () => {
    const script = '/bin/true; /bin/true; exit 0';
    const followed = lines(sct('trace', '-f', '-e', 'trace=execve', '--', 'sh', '-c', script).stderr);
    expect(followed.filter((l) => /^\[pid \d+\] execve\("\/bin\/true", /.test(l))).toHaveLength(2);
    const own = lines(sct('trace', '-e', 'trace=execve', '--', 'sh', '-c', script).stderr);
    expect(own.filter((l) => l.startsWith('execve("/bin/true"'))).toHaveLength(0);
  });

  it('-P shows only the calls on that path, -qq leaves out the exit line, unknown options are refused', () => {
    const out = lines(sct('trace', '-qq', '-P', '/etc/hostname', '--', 'cat', '/etc/hostname').stderr);
    expect(out[0]).toBe('openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3');
    expect(out.every((l) => /^\w+\(3,|^openat/.test(l))).toBe(true);
    expect(out.some((l) => l.startsWith('+++'))).toBe(false);
    const bad = sct('trace', '--no-such-option', '--', 'true');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("unknown option '--no-such-option'");
    const times = sct('trace', '-T', '--', 'true');
    expect(times.status).toBe(2);
    expect(times.stderr).toContain('`sct trace -T` (time spent in each call) is not supported');
  });

  it('-tt starts each line with the time of day; -f ends each child with its exit line', () => {
    const out = lines(sct('trace', '-tt', '-f', '-e', 'trace=execve,exit_group', '--', 'sh', '-c', '/bin/true; exit 3').stderr);
    expect(out.every((l) => /^(\[pid \d+\] )?\d\d:\d\d:\d\d\.\d{6} /.test(l))).toBe(true);
    expect(out.filter((l) => /^\[pid \d+\] \S+ \+\+\+ exited with 0 \+\+\+$/.test(l))).toHaveLength(1);
    expect(out.at(-1)).toMatch(/ \+\+\+ exited with 3 \+\+\+$/);
  });

  it('error texts are the C library\'s, as strace prints them (libuv has none for ECHILD)', () => {
    // -o: on a shared stderr sct's line may land inside cat's own message (docs/trace.md).
    const out = join(progs.dir, 'echild.trace');
    const r = sct('trace', '-o', out, '-e', 'trace=openat', '-e', 'inject=openat:error=ECHILD', '-P', '/etc/hostname', '--', 'cat', '/etc/hostname');
    expect([r.status, r.stderr]).toEqual([1, 'cat: /etc/hostname: No child processes\n']);
    expect(lines(readFileSync(out, 'utf8'))).toContain('openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = -1 ECHILD (No child processes) (INJECTED)');
  });

  it('-y prints the path of each fd, AT_FDCWD\'s too, and of the fd openat returned', () => {
    const out = lines(sct('trace', '-y', '-P', '/etc/hostname', '--', 'cat', '/etc/hostname').stderr);
    expect(out[0]).toBe(`openat(AT_FDCWD<${process.cwd()}>, "/etc/hostname", O_RDONLY) = 3</etc/hostname>`);
    expect(out).toContainEqual(expect.stringMatching(/^read\(3<\/etc\/hostname>, "/));
  });

  it('--json gives one event per line', () => {
    const r = sct('trace', '--json', '-e', 'trace=close', '--', 'cat', '/etc/hostname');
    const events = lines(r.stderr).map((l) => JSON.parse(l) as { type: string; syscall?: string; phase?: string });
    expect(events.filter((e) => e.type === 'rule').every((e) => e.syscall === 'close' && e.phase === 'after')).toBe(true);
    expect(events.some((e) => e.type === 'rule')).toBe(true);
  });
});
