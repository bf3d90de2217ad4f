import { describe, expect, it } from 'vitest';
import { check, FAIL } from './helpers.js';

describe('selectors pass', () => {
  it('accepts names, families and classes', () => {
    expect(check(`syscall_name = unlinkat, @open, %net\n${FAIL}`).messages).toEqual([]);
  });
  it('suggests the closest syscall, family or class', () => {
    expect(check(`syscall_name = unlnk\n${FAIL}`).messages).toEqual(["SCT_UNKNOWN_SYSCALL: unknown syscall 'unlnk'; did you mean 'unlink'?"]);
    expect(check(`syscall_name = @stt\n${FAIL}`).messages).toEqual(["SCT_UNKNOWN_FAMILY: unknown syscall family '@stt'; did you mean '@stat'?"]);
    expect(check(`syscall_name = %procss\n${FAIL}`).messages).toEqual(["SCT_UNKNOWN_CLASS: unknown syscall class '%procss'; did you mean '%process'?"]);
  });
  it('names the architecture when nothing is close', () => {
    expect(check(`syscall_name = zzzzzzzz\n${FAIL}`).messages).toEqual(["SCT_UNKNOWN_SYSCALL: unknown syscall 'zzzzzzzz' on x86_64"]);
  });
  it('checks against the target architecture: aarch64 has no open', () => {
    expect(check(`syscall_name = open\n${FAIL}`, { arch: 'aarch64' }).messages).toEqual([
      "SCT_UNKNOWN_SYSCALL: syscall 'open' does not exist on aarch64; libc calls openat instead; write @open to match every variant",
    ]);
  });
  it('skips parameter checks when a selector is unknown (no cascade)', () => {
    expect(check(`syscall_name = opn\nfilter_expression { PARAMS[5] == 1 }\n${FAIL}`).messages).toHaveLength(1);
  });
});

describe('libc pass', () => {
  it('warns that glibc calls openat for open, and suggests the family', () => {
    const r = check(`syscall_name = open\n${FAIL}`);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'SCT_LIBC_AVOIDS', message: 'glibc on x86_64 calls openat, not open; write @open to match both' })]);
  });
  it('is silent for families, for libc none and for musl', () => {
    expect(check(`syscall_name = @open\n${FAIL}`).messages).toEqual([]);
    expect(check(`syscall_name = open\n${FAIL}`, { libc: 'none' }).messages).toEqual([]);
    expect(check(`syscall_name = open\n${FAIL}`, { libc: 'musl' }).messages).toEqual([]);
  });
});
