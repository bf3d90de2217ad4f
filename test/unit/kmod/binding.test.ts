import { describe, expect, it } from 'vitest';
import { SctError } from '../../../harness/src/errors.js';
import { KmodAddonLoadError, kmodAddonPaths, loadKmodBinding } from '../../../harness/src/kmod/binding.js';

describe('loadKmodBinding', () => {
  it('throws a typed error listing every path tried and how to build the addon', () => {
    const cause = Object.assign(new Error('Cannot find module\nRequire stack: ...'), { code: 'MODULE_NOT_FOUND' });
    let err: unknown;
    try {
      loadKmodBinding(() => {
        throw cause;
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KmodAddonLoadError);
    expect(err).toBeInstanceOf(SctError);
    const e = err as KmodAddonLoadError;
    expect(e.code).toBe('SCT_KMOD_ADDON_LOAD');
    expect(e.cause).toBe(cause);
    expect(e.tried.map((t) => t.path)).toEqual(kmodAddonPaths());
    for (const p of kmodAddonPaths()) expect(e.message).toContain(`  ${p}: not there`);
    expect(e.message).not.toContain('Require stack');
    expect(e.message).toContain('npm rebuild syscalltrack --build-from-source');
  });
});
