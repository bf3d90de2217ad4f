// What the running kernel offers: the i386 ABI, seccomp filter flags, the sct module.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { release } from 'node:os';
import { nativeFeatures } from '../../../harness/src/engine/native.js';
import { i386SyscallNr } from '../../../harness/src/tables/index.js';
import { withProgram } from '../c-programs.js';
import { defineProbe, HostProbeError, type HostProbe } from './probe.js';
import { cc } from './tools.js';

export const x86_64 = defineProbe('an x86_64 host', () => (process.arch === 'x64' ? undefined : `this host is ${process.arch}`));

/**
 * `int $0x80` from a 64-bit process, tried WITHOUT sct (test/c/abi.c): some kernels
 * refuse it even with CONFIG_IA32_EMULATION=y (SIGSEGV). Only that answer skips; any other one
 * fails the test, and a broken sct still fails the i386 tests wherever the kernel takes the call.
 */
export const i386Abi = defineProbe('the i386 ABI (`int $0x80`)', () => {
  const prior = x86_64.missing() ?? cc.missing();
  if (prior !== undefined) return `cannot probe it: ${prior}`;
  return withProgram('abi', (bin) => {
    const r = spawnSync(bin, ['i386', String(i386SyscallNr('getppid'))], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout === `${process.pid}\n`) return undefined;
    if (r.signal === 'SIGSEGV') return `this kernel (${release()}) refuses it: an int $0x80 getppid run without sct died of SIGSEGV`;
    throw new HostProbeError(
      `the i386 probe (abi i386 getppid, without sct) gave neither the parent pid ${process.pid} nor SIGSEGV: ` +
        `status ${r.status}, signal ${r.signal}, stdout ${JSON.stringify(r.stdout)}, stderr ${JSON.stringify(r.stderr)}`,
    );
  });
});

let flagCodes: Map<string, number> | undefined;

/** test/c/seccomp_flags.c's answers: name -> 0 accepted, 1 EINVAL, 2 other error. */
export function seccompFlagCodes(): Map<string, number> {
  flagCodes ??= withProgram('seccomp_flags', (bin) => {
    const out = execFileSync(bin, { encoding: 'utf8' });
    return new Map(out.trim().split('\n').map((l) => l.split(' ')).map(([name, code]) => [name!, Number(code)]));
  });
  return flagCodes;
}

/** A seccomp filter flag (set) the kernel must accept; EINVAL skips, any other error fails. */
function seccompFlagProbe(name: string, what: string, since: string): HostProbe {
  return defineProbe(`${what} (Linux ${since})`, () => {
    const prior = cc.missing();
    if (prior !== undefined) return `cannot probe it: ${prior}`;
    const code = seccompFlagCodes().get(name);
    if (code === 0) return undefined;
    if (code === 1) return `this kernel (${release()}) refuses it (EINVAL)`;
    throw new HostProbeError(`seccomp_flags.c: ${name} gave ${code ?? 'no line'} (not accepted, not EINVAL)`);
  });
}

export const waitKillableRecv = seccompFlagProbe('wait_killable_recv', 'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV', '5.19');

/** For tests of what `sct load` says on a host without the kernel module. */
export const noSctModule = defineProbe('a host without the sct kernel module', () =>
  existsSync('/dev/sct') ? '/dev/sct exists: the module is loaded here' : undefined,
);

/** The supervisor can run after-rules' write/pwrite64/fsync/fdatasync itself (native/src/notif_exec.h). */
export const notifExec = defineProbe('after-rules run by the supervisor (thread pidfds, Linux 6.9; pidfd_getfd; WAIT_KILLABLE_RECV)', () =>
  nativeFeatures().notifExec === true ? undefined : `this kernel (${release()}) lacks one of them (the addon's feature probe says notifExec: false)`,
);
