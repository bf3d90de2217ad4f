// The filter's ABI checks on a real kernel: i386 (`int 0x80`) calls get the same decision by
// name, or are killed where ptrace would be needed; x32 calls are always killed.
// The i386 tests need a kernel that takes `int $0x80` (probed without sct: test/helpers/host). The
// x32 test runs on every x86_64 host: the filter kills the call before the kernel looks at it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWithRules } from '../../../harness/src/engine/run.js';
import { errnoByName, i386SyscallNr, lookupSyscall, X32_SYSCALL_BIT } from '../../../harness/src/tables/index.js';
import { cc, i386Abi, needs, x86_64 } from '../../helpers/host/index.js';
import { buildPrograms, FAIL, n, rule, type Programs } from './helpers.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());
beforeEach(needs(x86_64, cc));

const i386Getppid = String(i386SyscallNr('getppid')!);
const x32Getppid = String(X32_SYSCALL_BIT | lookupSyscall('getppid', 'x86_64')!.nr);

describe('the i386 ABI on x86_64', () => {
  beforeEach(needs(i386Abi));

  it('without rules, an int 0x80 getppid returns the parent pid', async () => {
    const r = await runWithRules({ command: progs.bin('abi'), args: ['i386', i386Getppid], rules: [] });
    expect(Number(r.stdout)).toBeGreaterThan(1);
  });

  it('a tier-1 rule on getppid also fails the i386 call', async () => {
    const r = await runWithRules({ command: progs.bin('abi'), args: ['i386', i386Getppid], rules: [rule('getppid', FAIL('EPERM'))] });
    expect(Number(r.stdout)).toBe(-errnoByName('EPERM')!);
  });

  it('a tier-2 rule applies to the i386 call too', async () => {
    const r = await runWithRules({ command: progs.bin('abi'), args: ['i386', i386Getppid], rules: [rule('getppid', { type: 'RETURN', value: 31n })] });
    expect(r.stdout).toBe('31\n');
  });

  it('an i386 call of a syscall with a tier-3 rule is killed (SIGSYS)', async () => {
    const r = await runWithRules({ command: progs.bin('abi'), args: ['i386', i386Getppid], rules: [rule('getppid', { type: 'ALTER', target: { kind: 'retval' }, value: n(1) }, { phase: 'after' })] });
    expect(r.signal).toBe('SIGSYS');
  });
});

describe('the x32 ABI on x86_64', () => {
  it('an x32 call is killed whatever the rules', async () => {
    const r = await runWithRules({ command: progs.bin('abi'), args: ['x32', x32Getppid], rules: [rule('openat', { type: 'LOG' })] });
    expect(r.signal).toBe('SIGSYS');
  });
});
