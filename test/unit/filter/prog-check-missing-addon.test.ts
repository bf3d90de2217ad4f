// Without a loadable addon the filter compiler has no checker: compiling must fail loudly, naming
// the checker and every path tried, never hand out an unchecked program.
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('checkProg without the addon', () => {
  it('throws AddonLoadError that names prog_check.h and the path tried', async () => {
    vi.stubEnv('SCT_NATIVE_ADDON', '/nonexistent/sct_native.node');
    vi.resetModules();
    const { checkProg } = await import('../../../harness/src/filter/prog-check.js');
    const err = (() => {
      try {
        checkProg(new Uint8Array(16));
      } catch (e) {
        return e as Error & { code?: string };
      }
      return undefined;
    })();
    expect(err?.code).toBe('SCT_NATIVE_LOAD');
    expect(err?.message).toMatch(/filter compiler checks every program with the addon's checker \(include\/sct\/prog_check.h\)/);
    expect(err?.message).toMatch(/\/nonexistent\/sct_native.node/);
  });
});
