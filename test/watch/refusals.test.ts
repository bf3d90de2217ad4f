// What sct watch refuses, with its exit code and reason: not root (125), an action the host
// cannot do (2). The refusal needs the addon but not root; the not-root case needs root to drop it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../helpers/host/index.js';
import { slowFactor } from '../helpers/scale.js';
import { SCT, startWatch, watchTestFile } from './watch-process.js';

const { skip, dir } = watchTestFile('refusals.test.ts');

const sct = (args: string[], prefix: string[] = []) => {
  const [cmd, ...rest] = [...prefix, process.execPath, ...SCT, 'watch', ...args];
  return spawnSync(cmd!, rest, { encoding: 'utf8', timeout: 20_000 });
};

const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
/** Why uid 65534 cannot run the CLI from this checkout (a private directory on its path, as a clone
 *  under `mktemp -d` is 0700), or undefined. */
const nobodyCannotRead = (): string | undefined => {
  // Absolute, as node resolves it: a relative path would be checked from the cwd, below the
  // private directory, and pass.
  const cli = resolve(SCT[SCT.length - 1]!);
  const r = spawnSync(NOBODY[0]!, [...NOBODY.slice(1), 'test', '-r', cli], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `uid 65534 cannot read ${cli} (a directory on its path is private to root): the capability-dropped case runs instead`;
};

describe('sct watch refuses', () => {
  beforeEach(skipWhen(skip));
  it('without root: exit 125 with SCT_WATCH_NEEDS_ROOT', (ctx) => {
    skipWhen(nobodyCannotRead())(ctx);
    const r = sct(['-e', 'trace=unlinkat'], NOBODY);
    expect(r.stderr).toContain('sct watch loads BPF programs: run it as root (or with CAP_BPF and CAP_PERFMON) [SCT_WATCH_NEEDS_ROOT]');
    expect(r.status).toBe(125);
  });

  it('as root with every capability dropped: exit 125 with SCT_WATCH_NEEDS_ROOT', () => {
    const r = sct(['-e', 'trace=unlinkat'], ['setpriv', '--inh-caps=-all', '--bounding-set=-all']);
    expect(r.stderr).toContain('sct watch loads BPF programs: run it as root (or with CAP_BPF and CAP_PERFMON) [SCT_WATCH_NEEDS_ROOT]');
    expect(r.status).toBe(125);
  });

  it.each([
    ['DELAY', 'rule { syscall_name = unlinkat action { type = DELAY duration = 10ms } }', 'rule 1: DELAY needs a sleepable hook'],
    ['FAIL of getpid', 'rule { syscall_name = getpid action { type = FAIL error = EPERM } }', 'rule 1: FAIL of getpid cannot be done with eBPF: denying a call needs a cgroup socket hook'],
  ])('%s: exit 2 with the reason, nothing attached', (_n, text, reason) => {
    const file = join(dir, 'r.sct');
    writeFileSync(file, text);
    const r = sct(['-c', file]);
    expect(r.stderr).toContain('refused, nothing attached:');
    expect(r.stderr).toContain(reason);
    expect(r.stderr).toContain('[SCT_WATCH_REFUSED]');
    expect(r.stderr).not.toContain('sct: watching');
    expect(r.status).toBe(2);
  });

  it('KILL at sys_enter loads with the warning that the call still runs', async () => {
    const file = join(dir, 'k.sct');
    writeFileSync(file, 'rule { syscall_name = unlinkat filter_expression { path == "/nonexistent/sct" } action { type = KILL signal = SIGKILL } }');
    // Scoped to a comm no process has: a KILL rule must never reach another process on the host
    // (the filter alone is not enough while the loaded watch.bpf.c ignores filters).
    // Stopped once it says it is watching: a fixed 3 s ran out in the TCG guest before node had started.
    const r = await (await startWatch(['-c', file, '--comm', 'sct-none-xyz'])).stop();
    expect(r.stderr).toContain('sct: warning: rule 1: KILL at sys_enter signals the caller, but the call itself still runs');
    expect(r.stderr).toContain('sct: watching 1 rule(s) on 1 syscall(s) (ebpf)');
  });

  it('--tracepoints where the host refuses per-syscall tracepoints: exit 2 with the reason', () => {
    // A refusal exits by itself; the limit is only for a host that accepts (scaled: the TCG guest
    // took more than 3 s to start node).
    const r = spawnSync('timeout', ['-s', 'INT', String(3 * slowFactor), process.execPath, ...SCT, 'watch', '-e', 'trace=unlinkat', '--tracepoints'], { encoding: 'utf8' });
    if (r.stderr.includes('sct: watching')) {
      process.stderr.write('refusals.test.ts: this host allows per-syscall tracepoints; nothing refused\n');
      expect(r.stderr).toContain('(ebpf, per-syscall tracepoints)');
      return;
    }
    // Either tracefs is not mounted (a fresh host, the VM's guest), or the host refuses the attach
    // (this one, with tracefs mounted: EACCES). Both are refusals with the reason, exit 2.
    expect(r.stderr).toMatch(
      /--tracepoints: this host refuses to attach BPF programs to per-syscall tracepoints \(attach syscalls:sys_enter_unlinkat: Permission denied\)|--tracepoints needs tracefs, where the per-syscall tracepoints' ids are \(\/sys\/kernel\/tracing or \/sys\/kernel\/debug\/tracing: not mounted here\)/,
    );
    expect(r.status).toBe(2);
  });
});
