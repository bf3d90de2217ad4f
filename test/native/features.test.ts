// The addon's kernel feature probe (native/src/kernel_features.cc) against an independent one
// (test/helpers/host/c/seccomp_flags.c): where they disagree, sct would use a flag the kernel
// refuses, or drop one it has (without WAIT_KILLABLE_RECV a signal interrupts every held call).
import { beforeEach, describe, expect, it } from 'vitest';
import { nativeFeatures } from '../../harness/src/engine/native.js';
import { cc, needs, seccompFlagCodes } from '../helpers/host/index.js';

beforeEach(needs(cc));

describe('kernel features', () => {
  it('the addon reports the seccomp flags this kernel accepts, no more and no fewer', () => {
    const codes = seccompFlagCodes();
    expect([...codes.values()].every((c) => c === 0 || c === 1), `seccomp_flags.c: ${JSON.stringify([...codes])}`).toBe(true);
    const f = nativeFeatures();
    expect({ seccompFilter: f.seccompFilter, userNotif: f.userNotif, waitKillableRecv: f.waitKillableRecv }).toEqual({
      seccompFilter: codes.get('filter') === 0,
      userNotif: codes.get('new_listener') === 0,
      waitKillableRecv: codes.get('wait_killable_recv') === 0,
    });
  });
});
