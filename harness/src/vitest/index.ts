// `syscalltrack/vitest`: withFaults() and the matchers, registered on import.
//   import { withFaults } from 'syscalltrack/vitest';
//   const run = await withFaults([rule.before('openat').fail('EACCES')], 'cat', ['/etc/hostname']);
//   expect(run).toHaveInjected('openat', { errno: 'EACCES', times: 1 });

import { expect } from 'vitest';
import { toHaveInjected, toHaveSyscall, type InjectedMatch, type SyscallMatch } from './matchers.js';

expect.extend({ toHaveInjected, toHaveSyscall });

export { withFaults, type FaultRun, type WithFaultsOptions } from './with-faults.js';
export { NotRecordedError } from './errors.js';
export { decodeSockaddr, type DecodedSockaddr } from './sockaddr.js';
export { toHaveInjected, toHaveSyscall, type InjectedMatch, type SyscallMatch } from './matchers.js';
export type { ArgMatch, ArgValue } from './match-args.js';

interface FaultMatchers<R = unknown> {
  /** The run injected into `syscall` (a name or `@family`): at least once, or `times` times; with `errno`, only FAILs with it. */
  toHaveInjected(syscall: string, opts?: InjectedMatch): R;
  /** A recorded call of `syscall` (listed in withFaults' `record`) had these arguments. Throws NotRecordedError otherwise. */
  toHaveSyscall(syscall: string, opts?: SyscallMatch): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends FaultMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends FaultMatchers {}
}
