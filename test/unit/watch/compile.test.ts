// Rules -> the eBPF rule set (harness/src/watch/compile.ts), without root or the watch addon:
// what the kernel side is told for each rule, and what is refused with which reason.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../harness/src/rules/config/index.js';
import { checkRules } from '../../../harness/src/rules/check/index.js';
import { loadRules } from '../../../harness/src/rules/load.js';
import { lookupSyscall } from '../../../harness/src/tables/index.js';
import { CGROUP_FAIL, compileWatch, LSM_FAIL, WatchAction, WatchLsmHook, WatchRefusedError, type WatchHost } from '../../../harness/src/watch/index.js';
import { wantedProcPaths } from '../../../harness/src/watch/compile.js';
import { WatchProcPath } from '../../../harness/src/watch/contract.js';

const NO_LSM = (): string => 'which is refused or not active here (load a BPF LSM program: Operation not permitted)';
const NO_FAIL: WatchHost = { programs: ['raw_enter', 'raw_exit', 'tp_enter', 'tp_exit'], bpfLsm: NO_LSM };
const LSM_PROGRAMS = LSM_FAIL.map((h) => h.program);
const WITH_FAIL: WatchHost = { programs: [...NO_FAIL.programs, ...CGROUP_FAIL.flatMap((h) => h.programs), ...LSM_PROGRAMS], bpfLsm: NO_LSM };
const WITH_LSM: WatchHost = { ...WITH_FAIL, bpfLsm: () => undefined };

function rules(text: string) {
  const parsed = parseConfig(text, 't.sct');
  const checked = checkRules(parsed.rules, { arch: 'x86_64', locations: parsed.locations });
  expect([...parsed.diagnostics, ...checked.diagnostics].filter((d) => d.severity === 'error')).toEqual([]);
  return checked.rules;
}

const nr = (name: string): number => lookupSyscall(name, 'x86_64')!.nr;

describe('compileWatch', () => {
  it('-e trace=unlinkat: one LOG rule on unlinkat, whose path (argument 1) goes into the event', async () => {
    const loaded = await loadRules({ expressions: ['trace=unlinkat'], arch: 'x86_64' });
    const plan = compileWatch([...loaded.rules, ...loaded.traceRules], NO_FAIL);
    expect(plan.syscalls).toEqual(['unlinkat']);
    expect(plan.set.sys).toEqual([{ nr: nr('unlinkat'), rules: 1n, strArg: 1, lsmHooks: 0 }]);
    expect(plan.set.rules).toEqual([{ action: WatchAction.LOG, signal: 0, err: 0, atEnter: false, procPaths: 0, prog: new Uint8Array(0) }]);
    expect(plan.warnings).toEqual([]);
  });

  it('-P restricts the trace rule with a filter blob on the path', async () => {
    const loaded = await loadRules({ expressions: ['trace=unlinkat'], paths: ['/tmp/victim'], arch: 'x86_64' });
    const plan = compileWatch([...loaded.rules, ...loaded.traceRules], NO_FAIL);
    expect(plan.set.rules).toHaveLength(1);
    expect(plan.set.rules[0]!.prog.length).toBeGreaterThan(0);
    expect(Buffer.from(plan.set.rules[0]!.prog).includes(Buffer.from('/tmp/victim'))).toBe(true);
  });

  it('a filter that compiles alike for two syscalls is one BPF rule; another argument layout is a second', () => {
    const plan = compileWatch(rules('rule { syscall_name = unlinkat, openat, unlink filter_expression { path == "/x" } action { type = LOG } }'), NO_FAIL);
    expect(plan.slots).toEqual([
      { rule: 0, syscalls: ['unlink'] },
      { rule: 0, syscalls: ['openat', 'unlinkat'] },
    ]);
    expect(plan.set.sys.map((s) => [s.nr, s.rules, s.strArg])).toEqual([
      [nr('unlink'), 1n, 0],
      [nr('openat'), 2n, 1],
      [nr('unlinkat'), 2n, 1],
    ]);
  });

  it('two rules on one syscall: both bits in its mask; a syscall without a string argument has none', () => {
    const plan = compileWatch(rules('rule { syscall_name = getppid action { type = LOG } }\nrule { syscall_name = getppid action { type = KILL signal = SIGTERM } when = after }'), NO_FAIL);
    expect(plan.set.sys).toEqual([{ nr: nr('getppid'), rules: 3n, strArg: 0xff, lsmHooks: 0 }]);
    expect(plan.set.rules[1]).toMatchObject({ action: WatchAction.KILL, signal: 15, atEnter: false });
    expect(plan.warnings).toEqual([]);
  });

  it.each([
    ['KILL', 'type = KILL signal = SIGKILL'],
    ['SUSPEND', 'type = SUSPEND'],
  ])('%s before the call loads with the warning that the call still runs', (_n, action) => {
    const plan = compileWatch(rules(`rule { syscall_name = unlinkat action { ${action} } }`), NO_FAIL);
    expect(plan.set.rules[0]!.atEnter).toBe(true);
    expect(plan.warnings).toEqual([expect.stringContaining('the call itself still runs')]);
  });

  it('FAIL of connect loads where the cgroup programs exist', () => {
    const plan = compileWatch(rules('rule { syscall_name = connect action { type = FAIL error = ECONNREFUSED } }'), WITH_FAIL);
    expect(plan.set.rules[0]).toMatchObject({ action: WatchAction.FAIL, err: 111, atEnter: true });
    expect(plan.cgroupFail).toBe(true);
    expect(plan.lsmPrograms).toEqual([]);
  });

  it('FAIL of openat, unlinkat and rename loads where the host runs BPF LSM: each syscall names its hooks, only those programs load', () => {
    const plan = compileWatch(rules('rule { syscall_name = openat, unlinkat, rename action { type = FAIL error = EACCES } }\nrule { syscall_name = connect action { type = FAIL error = EPERM } }'), WITH_LSM);
    const hooks = (name: string) => plan.set.sys.find((s) => s.nr === nr(name))!.lsmHooks;
    expect(hooks('openat')).toBe(1 << WatchLsmHook.FILE_OPEN);
    expect(hooks('unlinkat')).toBe((1 << WatchLsmHook.PATH_UNLINK) | (1 << WatchLsmHook.PATH_RMDIR));
    expect(hooks('rename')).toBe(1 << WatchLsmHook.PATH_RENAME);
    expect(hooks('connect')).toBe(0);
    expect(plan.lsmPrograms).toEqual(['lsm_file_open', 'lsm_path_unlink', 'lsm_path_rmdir', 'lsm_path_rename']);
    expect(plan.cgroupFail).toBe(true);
    expect(plan.set.rules[0]).toMatchObject({ action: WatchAction.FAIL, err: 13, atEnter: true });
  });

  it('a LOG rule on openat asks nothing of BPF LSM', () => {
    const plan = compileWatch(rules('rule { syscall_name = openat action { type = LOG } }'), { ...NO_FAIL, bpfLsm: () => { throw new Error('probed'); } });
    expect(plan.set.sys[0]!.lsmHooks).toBe(0);
    expect(plan.lsmPrograms).toEqual([]);
  });

  it.each([
    ['DELAY', 'rule { syscall_name = write action { type = DELAY duration = 10ms } }', NO_FAIL, 'DELAY needs a sleepable hook'],
    ['RETURN', 'rule { syscall_name = getpid action { type = RETURN value = 1 } }', NO_FAIL, 'RETURN needs bpf_override_return'],
    ['ALTER', 'rule { syscall_name = getpid when = after action { type = ALTER target = RETVAL value = 1 } }', NO_FAIL, 'ALTER needs'],
    ['FAIL of openat without BPF LSM', 'rule { syscall_name = openat action { type = FAIL error = EACCES } }', WITH_FAIL, 'FAIL of openat cannot be done with eBPF on this host: it needs BPF LSM, which is refused or not active here (load a BPF LSM program: Operation not permitted)'],
    ['FAIL of a syscall no hook answers for', 'rule { syscall_name = getpid action { type = FAIL error = EACCES } }', WITH_LSM, 'FAIL of getpid cannot be done with eBPF: denying a call needs a cgroup socket hook (this build has them for connect, bind, sendto, sendmsg) or a BPF LSM hook (this build has them for open, openat, openat2, creat, unlink, unlinkat, rmdir, rename, renameat, renameat2, mkdir, mkdirat, execve, execveat)'],
    ['FAIL without the cgroup programs', 'rule { syscall_name = connect action { type = FAIL error = EACCES } }', NO_FAIL, 'not in this build of the watch programs'],
    ['a trigger', 'rule { syscall_name = getpid action { type = LOG } trigger { when = 2 } }', NO_FAIL, 'triggers'],
    ['a timed SUSPEND', 'rule { syscall_name = getpid action { type = SUSPEND duration = 1s } }', NO_FAIL, 'SUSPEND for a time'],
  ])('refuses %s with the reason', (_n, text, host, reason) => {
    let err: unknown;
    try {
      compileWatch(rules(text), host);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WatchRefusedError);
    expect((err as WatchRefusedError).code).toBe('SCT_WATCH_REFUSED');
    expect((err as WatchRefusedError).reasons).toEqual([expect.stringContaining(reason)]);
  });

  it('gives every refusal of a file at once', () => {
    const text = 'rule { syscall_name = write action { type = DELAY duration = 1ms } }\nrule { syscall_name = getpid action { type = RETURN value = 0 } }';
    expect(() => compileWatch(rules(text), NO_FAIL)).toThrow(/rule 1: DELAY[^]*rule 2: RETURN/);
  });
});

describe('wantedProcPaths: exe and cwd are walked in the kernel only for rules that print them', () => {
  const { EXE, CWD } = WatchProcPath;
  it.each([
    ['a format with %exe', 'action { type = LOG log_format {%exe} }', true, false, EXE],
    ['a format with %cwd and %comm', 'action { type = LOG log_format {%comm in %cwd} }', true, false, CWD],
    ['a format with both', 'action { type = LOG log_format {%exe %cwd} }', true, false, EXE | CWD],
    ['a format with neither', 'action { type = LOG log_format {%comm %pid} }', true, false, 0],
    ['--json, whatever the format', 'action { type = LOG log_format {%pid} }', true, true, EXE | CWD],
    ['-e trace= (not its own format)', 'action { type = LOG log_format {%exe} }', false, false, 0],
    ['a KILL rule (the default line)', 'action { type = KILL signal = SIGTERM }', true, false, 0],
  ])('%s', (_what, action, ownFormat, json, bits) => {
    const [rule] = rules(`rule { syscall_name = unlinkat when = after ${action} }`);
    expect(wantedProcPaths(rule!, ownFormat, json)).toBe(bits);
  });

  it('is passed into each BPF rule record', () => {
    const plan = compileWatch(rules('rule { syscall_name = unlinkat action { type = LOG log_format {%cwd} } }'), NO_FAIL, () => CWD);
    expect(plan.set.rules[0]!.procPaths).toBe(CWD);
  });
});

