// io_uring: a program that submits its I/O through a ring makes no read/write/fsync syscalls for it,
// so no rule sees that I/O (docs/engine.md, "Limits"). sct adds one rule after the user's:
//   - warn (default when there are rules): a LOG on io_uring_setup (tier 2, the call is rare) whose
//     events become one warning per process, naming it;
//   - deny (--no-io-uring): io_uring_setup fails with ENOSYS (tier 1, in the BPF filter), as on a
//     kernel without io_uring, so that a program that can fall back to plain syscalls does.

import type { DecodedEvent } from '../decode/index.js';
import type { Rule } from '../../rules/model.js';

export type IoUringPolicy = 'warn' | 'deny';

const SETUP = [{ kind: 'name', name: 'io_uring_setup' }] as const;

export function ioUringRule(policy: IoUringPolicy): Rule {
  return policy === 'deny'
    ? { name: 'no-io-uring', syscalls: [...SETUP], phase: 'before', action: { type: 'FAIL', errno: 'ENOSYS' }, trigger: { scope: 'tree' } }
    : { name: 'io-uring-watch', syscalls: [...SETUP], phase: 'before', action: { type: 'LOG', format: '%comm' }, trigger: { scope: 'tree' } };
}

/** Turns the watch rule's events into one warning per process. */
export function ioUringWarner(): (e: DecodedEvent) => string | undefined {
  const warned = new Set<number>();
  return (e) => {
    if (e.type !== 'rule' || warned.has(e.pid)) return undefined;
    warned.add(e.pid);
    return `pid ${e.pid} (${e.proc?.comm ?? '?'}) calls io_uring_setup: the I/O it submits through io_uring bypasses syscall rules; --no-io-uring makes io_uring_setup fail with ENOSYS, so that a program that can falls back to plain syscalls`;
  };
}
