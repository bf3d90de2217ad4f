// FAIL through BPF LSM (watch.bpf.c, lsm_*): where the kernel runs BPF LSM programs (the VM's
// Debian 6.1), a process sct did not start gets the rule's errno from open, unlink, rmdir, rename,
// exec and mkdir of the paths the filters name, and nothing else is touched; where it does not (this
// project's host refuses them: EPERM), the same rules are refused at load with the reason.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../helpers/host/index.js';
import { lookupSyscall } from '../../harness/src/tables/index.js';
import { loadWatchBinding } from '../../harness/src/watch/binding.js';
import { WatchAction, WatchLsmHook } from '../../harness/src/watch/contract.js';
import { SCT, startWatch, watchTestFile } from './watch-process.js';

const { skip, dir } = watchTestFile('lsm-fail.test.ts');

/** The addon's own probe (what sct watch asks before it accepts such a rule): null, or why not. */
function bpfLsmMissing(): string | null {
  if (skip !== undefined) return null;
  const why = loadWatchBinding().probeLsm();
  // What a kernel may lack: permission to load LSM programs (EPERM), BPF LSM built in (no
  // bpf_lsm_* to attach to: ESRCH), or `bpf` among its active LSMs. Anything else is ours.
  if (why !== null && !/Operation not permitted|No such process|not an active LSM/.test(why)) throw new Error(`the BPF LSM probe failed: ${why}`);
  return why;
}
const lsmMissing = bpfLsmMissing();
if (lsmMissing !== null) process.stderr.write(`test/watch/lsm-fail.test.ts: FAIL through BPF LSM skipped (the refusal is tested instead): ${lsmMissing.split('\n')[0]}\n`);

const p = (name: string): string => join(dir, name);
const RULES = [
  `rule { syscall_name = openat filter_expression { path == "${p('read-denied')}" } action { type = FAIL error = EACCES } }`,
  `rule { syscall_name = unlinkat filter_expression { path in ("${p('rm-denied')}", "${p('rmdir-denied')}") } action { type = FAIL error = EACCES } }`,
  `rule { syscall_name = rename, renameat, renameat2 filter_expression { newname == "${p('mv-denied')}" } action { type = FAIL error = EACCES } }`,
  `rule { syscall_name = execve filter_expression { filename == "${p('exec-denied')}" } action { type = FAIL error = EACCES } }`,
  `rule { syscall_name = mkdir, mkdirat filter_expression { path == "${p('mkdir-denied')}" } action { type = FAIL error = EPERM } }`,
].join('\n');

/** `sh -c script` in its own session (not a child of sct or of this test's tree): its status and stderr. */
const outside = (script: string) => spawnSync('setsid', ['-w', 'sh', '-c', script], { cwd: dir, encoding: 'utf8' });

describe('sct watch FAIL through BPF LSM', () => {
  beforeEach(skipWhen(skip ?? (lsmMissing === null ? undefined : `needs BPF LSM: ${lsmMissing.split('\n')[0]}`)));
  it('open, unlink, rmdir, rename, exec and mkdir of the named paths get the errno in a process sct did not start; other paths run; events and hits say so', async () => {
    for (const f of ['read-denied', 'read-ok', 'rm-denied', 'rm-ok', 'mv-src']) writeFileSync(p(f), `${f}\n`);
    mkdirSync(p('rmdir-denied'));
    for (const f of ['exec-denied', 'exec-ok']) copyFileSync('/bin/true', p(f));
    const rules = p('lsm.sct');
    writeFileSync(rules, RULES);
    const w = await startWatch(['-c', rules]);
    const r = {
      read: outside(`cat ${p('read-denied')}`),
      readOk: outside(`cat ${p('read-ok')}`),
      rm: outside(`rm ${p('rm-denied')}`),
      rmOk: outside(`rm ${p('rm-ok')}`),
      mv: outside(`mv ${p('mv-src')} ${p('mv-denied')}`),
      mvOk: outside(`mv ${p('mv-src')} ${p('mv-ok')}`),
      exec: outside(p('exec-denied')),
      execOk: outside(p('exec-ok')),
      rmdir: outside(`rm -d ${p('rmdir-denied')}`), // unlinkat(AT_REMOVEDIR): path_rmdir
      mkdir: outside(`mkdir ${p('mkdir-denied')}`),
      mkdirOk: outside(`mkdir ${p('mkdir-ok')}`),
    };
    const deniedLine = (syscall: RegExp, name: string) => w.waitForLine((l) => syscall.test(l) && l.includes(name));
    const lines = [
      await deniedLine(/^openat /, 'read-denied'),
      await deniedLine(/^unlinkat /, 'rm-denied'),
      await deniedLine(/^rename(at2?)? /, 'mv-src'),
      await deniedLine(/^execve /, 'exec-denied'),
      await deniedLine(/^unlinkat /, 'rmdir-denied'),
      await deniedLine(/^mkdir /, 'mkdir-denied'),
    ];
    const stop = await w.stop();

    expect([r.read.status, r.read.stderr]).toEqual([1, expect.stringContaining('Permission denied')]);
    expect(r.readOk.stdout).toBe('read-ok\n');
    expect([r.rm.status, r.rm.stderr, existsSync(p('rm-denied'))]).toEqual([1, expect.stringContaining('Permission denied'), true]);
    expect([r.rmOk.status, existsSync(p('rm-ok'))]).toEqual([0, false]);
    expect([r.mv.status, r.mv.stderr]).toEqual([1, expect.stringContaining('Permission denied')]);
    expect([r.mvOk.status, readFileSync(p('mv-ok'), 'utf8')]).toEqual([0, 'mv-src\n']);
    expect([r.exec.status, r.exec.stderr]).toEqual([126, expect.stringContaining('Permission denied')]);
    expect(r.execOk.status).toBe(0);
    expect([r.rmdir.status, r.rmdir.stderr, existsSync(p('rmdir-denied'))]).toEqual([1, expect.stringContaining('Permission denied'), true]);
    expect([r.mkdir.status, r.mkdir.stderr, existsSync(p('mkdir-denied'))]).toEqual([1, expect.stringContaining('Operation not permitted'), false]);
    expect([r.mkdirOk.status, existsSync(p('mkdir-ok'))]).toEqual([0, true]);

    expect(lines[0]).toMatch(/^openat pid=\d+ ppid=\d+ uid=0 comm=cat path=".*read-denied" \[FAIL at sys_enter\]$/);
    expect(lines[1]).toMatch(/^unlinkat pid=\d+ ppid=\d+ uid=0 comm=rm path=".*rm-denied" \[FAIL at sys_enter\]$/);
    expect(lines[2]).toMatch(/^rename(at2?)? pid=\d+ ppid=\d+ uid=0 comm=mv path=".*mv-src" \[FAIL at sys_enter\]$/);
    expect(lines[3]).toMatch(/^execve pid=\d+ ppid=\d+ uid=0 comm=sh path=".*exec-denied" \[FAIL at sys_enter\]$/);
    expect(lines[4]).toMatch(/^unlinkat pid=\d+ ppid=\d+ uid=0 comm=rm path=".*rmdir-denied" \[FAIL at sys_enter\]$/);
    expect(lines[5]).toMatch(/^mkdir pid=\d+ ppid=\d+ uid=0 comm=mkdir path=".*mkdir-denied" \[FAIL at sys_enter\]$/);
    // Only the denied calls reach user space: the filters run in the hooks.
    expect(stop.stdout.filter((l) => /-ok"/.test(l))).toEqual([]);
    for (const [n, hits] of [[1, 1], [2, 2], [3, 1], [4, 1], [5, 1]]) expect(stop.stderr).toContain(`rule ${n}: ${hits} hit(s)`);
    expect(stop.code).toBe(0);
  });
});

describe('sct watch FAIL where BPF LSM is refused or not active', () => {
  beforeEach(skipWhen(skip ?? (lsmMissing === null ? 'the kernel runs BPF LSM programs: FAIL through them is tested instead' : undefined)));
  it('the same rules are refused at load: exit 2 with the reason for each, nothing attached', () => {
    const rules = p('lsm.sct');
    writeFileSync(rules, RULES);
    const r = spawnSync(process.execPath, [...SCT, 'watch', '-c', rules], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toContain('refused, nothing attached:');
    expect(r.stderr).toContain('rule 1: FAIL of openat cannot be done with eBPF on this host: it needs BPF LSM, which is refused or not active here (');
    expect(r.stderr).toContain('rule 2: FAIL of unlinkat cannot be done with eBPF on this host: it needs BPF LSM');
    expect(r.stderr).toContain('rule 3: FAIL of rename, renameat, renameat2 cannot be done with eBPF on this host: it needs BPF LSM');
    expect(r.stderr).toContain('rule 4: FAIL of execve cannot be done with eBPF on this host: it needs BPF LSM');
    expect(r.stderr).toContain('rule 5: FAIL of mkdir, mkdirat cannot be done with eBPF on this host: it needs BPF LSM');
    expect(r.stderr).toContain('[SCT_WATCH_REFUSED]');
    expect(r.stderr).not.toContain('sct: watching');
    expect(r.status).toBe(2);
  });

  // Past the probe (a kernel that changed its mind, another addon): the load fails and open()
  // throws, which sct watch reports as SCT_WATCH_LOAD (exit 125); nothing runs without the FAIL.
  it('the addon asked to load an LSM program the kernel refuses: open() throws EPERM, nothing is attached', (ctx) => {
    skipWhen(/Operation not permitted/.test(lsmMissing ?? '') ? undefined : `the kernel does not refuse LSM programs with EPERM here (${lsmMissing?.split('\n')[0]})`)(ctx);
    const b = loadWatchBinding();
    const openat = lookupSyscall('openat', 'x86_64')!.nr;
    let err: unknown;
    try {
      b.open({
        treePid: 0, comm: 'sct-none-xyz', tracepoints: false, tpNames: [], cgroupFail: false, lsmPrograms: ['lsm_file_open'], ringBytes: 0,
        rules: { rules: [{ action: WatchAction.FAIL, signal: 0, err: 13, atEnter: true, procPaths: 0, prog: new Uint8Array(0) }], sys: [{ nr: openat, rules: 1n, strArg: 1, lsmHooks: 1 << WatchLsmHook.FILE_OPEN }] },
      });
    } catch (e) {
      err = e;
    } finally {
      b.close();
    }
    expect(err).toMatchObject({ code: 'EPERM', message: expect.stringMatching(/^load the BPF programs: Operation not permitted\nlibbpf: prog 'lsm_file_open'/) });
  });
});
