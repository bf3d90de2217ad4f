// mem[6] is the path of the fd a call returned (sct trace -y). The supervisor reads it for any
// non-negative result; an event keeps it only where the call returns an fd (close's 0 is not stdin).
import { describe, expect, it } from 'vitest';
import { decodeEvent } from '../../../../harness/src/engine/decode/event.js';
import { lookupSyscall } from '../../../../harness/src/tables/index.js';

const ctx = { arch: 'x86_64' as const, rules: new Map([[1, { index: 1, action: 'LOG' }]]) };
const event = (syscall: string, mem: Record<number, string>) => ({
  kind: 0, time: 1n, pid: 10, tid: 10, ruleId: 1, nr: lookupSyscall(syscall, 'x86_64')!.nr, arch: 0xc000003e, phase: 1, args: [3n, 0n, 0n, 0n, 0n, 0n], retval: 0n, seen: 0n, acted: true, mem,
});

describe('the returned fd path (mem[6])', () => {
  it('stays on a call that returns an fd', () => {
    expect(decodeEvent(event('openat', { 1: '/etc/hostname', 6: '/etc/hostname' }) as never, ctx).mem).toEqual({ 1: '/etc/hostname', 6: '/etc/hostname' });
  });

  it('is dropped on a call that does not, and an empty mem with it', () => {
    expect(decodeEvent(event('close', { 6: '/dev/null' }) as never, ctx).mem).toBeUndefined();
    expect(decodeEvent(event('read', { 0: '/etc/hostname', 6: '/dev/null' }) as never, ctx).mem).toEqual({ 0: '/etc/hostname' });
  });
});
