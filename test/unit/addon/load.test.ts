// How the addons are found, and what a user is told when one cannot load (harness/src/addon.ts).
import { describe, expect, it } from 'vitest';
import { AddonLoadError, addonPaths, loadAddon, NATIVE_ADDON, type LoadContext } from '../../../harness/src/addon.js';

const dlopenError = (message: string): Error => Object.assign(new Error(message), { code: 'ERR_DLOPEN_FAILED' });
const notThere = (path: string): Error => Object.assign(new Error(`Cannot find module '${path}'`), { code: 'MODULE_NOT_FOUND' });

function attempt(ctx: Partial<LoadContext>): AddonLoadError {
  try {
    loadAddon(NATIVE_ADDON, 'SCT_NATIVE_LOAD', { platform: 'linux', arch: 'x64', env: {}, load: (p) => { throw notThere(p); }, ...ctx });
  } catch (e) {
    expect(e).toBeInstanceOf(AddonLoadError);
    return e as AddonLoadError;
  }
  throw new Error('expected loadAddon to throw');
}

describe('loadAddon', () => {
  it('tries the source builds first, then the prebuilt for this platform, and loads the first that works', () => {
    const paths = addonPaths(NATIVE_ADDON, 'linux', 'x64');
    expect(paths.map((p) => p.split('/native/')[1])).toEqual(['build/Release/sct_native.node', 'build/Debug/sct_native.node', 'prebuilds/linux-x64/sct_native.napi.glibc.node']);
    const tried: string[] = [];
    const got = loadAddon<{ ok: boolean }>(NATIVE_ADDON, 'SCT_NATIVE_LOAD', {
      platform: 'linux',
      arch: 'x64',
      env: {},
      load: (p) => {
        tried.push(p);
        if (!p.includes('prebuilds')) throw notThere(p);
        return { ok: true };
      },
    });
    expect(got).toEqual({ ok: true });
    expect(tried).toEqual(paths);
  });

  it('says which glibc a prebuilt needs when this system has an older one, and how to build from source', () => {
    const e = attempt({
      glibc: '2.31',
      load: (p) => {
        if (p.includes('prebuilds')) throw dlopenError(`/lib/x86_64-linux-gnu/libc.so.6: version \`GLIBC_2.34' not found (required by ${p})`);
        throw notThere(p);
      },
    });
    expect(e.code).toBe('SCT_NATIVE_LOAD');
    expect(e.message).toMatch(/prebuilds\/linux-x64\/sct_native\.napi\.glibc\.node: needs glibc 2\.34 or later, this system has 2\.31/);
    expect(e.message).toContain('build/Release/sct_native.node: not there');
    expect(e.message).toContain('npm rebuild syscalltrack --build-from-source');
  });

  it('names libstdc++ when GLIBCXX is missing', () => {
    const e = attempt({ load: (p) => { throw dlopenError(`/usr/lib/libstdc++.so.6: version \`GLIBCXX_3.4.30' not found (required by ${p})`); } });
    expect(e.message).toContain('needs libstdc++ with GLIBCXX_3.4.30');
  });

  it('refuses another platform by name, saying the engine is x86_64-only and what still works', () => {
    const e = attempt({ arch: 'arm64' });
    expect(e.code).toBe('SCT_UNSUPPORTED_PLATFORM');
    expect(e.message).toContain('runs on linux-x64 only, not linux-arm64');
    expect(e.message).toContain('sct config check');
    expect(e.tried.map((t) => t.path).at(-1)).toContain('prebuilds/linux-arm64/');
  });

  it('loads only the file SCT_NATIVE_ADDON names, and says so when it fails', () => {
    const tried: string[] = [];
    const e = attempt({ env: { SCT_NATIVE_ADDON: '/opt/x/sct_native.node' }, load: (p) => { tried.push(p); throw notThere(p); } });
    expect(tried).toEqual(['/opt/x/sct_native.node']);
    expect(e.message).toBe('cannot load the native supervisor from SCT_NATIVE_ADDON=/opt/x/sct_native.node: not there\nunset SCT_NATIVE_ADDON to use the package\'s own build');
  });
});
