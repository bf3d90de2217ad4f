// The prebuilt addons the package ships: which glibc and libstdc++ they need (the README names
// it, harness/src/addon.ts's PREBUILT_NEEDS holds it), and that they use N-API only, so that one
// build serves every Node version.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addonPaths, KMOD_ADDON, NATIVE_ADDON, PREBUILT_NEEDS, WATCH_ADDON } from '../../../harness/src/addon.js';
import { packageRoot } from '../../../harness/src/paths.js';
import { needs, objdump, x86_64 } from '../../helpers/host/index.js';

/** Compares dotted versions: negative, zero or positive. */
const cmp = (a: string, b: string): number => {
  const x = a.split('.').map(Number), y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};
const newest = (versions: string[]): string | undefined => [...versions].sort(cmp).at(-1);

describe('prebuilt addons (linux-x64)', () => {
  beforeEach(needs(x86_64, objdump));

  for (const spec of [NATIVE_ADDON, KMOD_ADDON, WATCH_ADDON]) {
    const file = addonPaths(spec, 'linux', 'x64').at(-1)!;
    it(`${spec.name}: needs at most glibc ${PREBUILT_NEEDS.glibc} and GLIBCXX_${PREBUILT_NEEDS.glibcxx}, and links N-API only`, () => {
      expect(existsSync(file), `${file} (made by npm run build:native)`).toBe(true);
      const dyn = execFileSync('objdump', ['-T', file], { encoding: 'utf8' });
      const glibc = newest([...dyn.matchAll(/\(GLIBC_([\d.]+)\)/g)].map((m) => m[1]!));
      const glibcxx = newest([...dyn.matchAll(/\(GLIBCXX_([\d.]+)\)/g)].map((m) => m[1]!));
      expect(cmp(glibc ?? '0', PREBUILT_NEEDS.glibc)).toBeLessThanOrEqual(0);
      expect(cmp(glibcxx ?? '0', PREBUILT_NEEDS.glibcxx)).toBeLessThanOrEqual(0);
      expect(dyn).toContain('napi_register_module_v1');
      // Node's C++ internals (v8::, node::) would tie the file to one Node version.
      expect(dyn.match(/\*UND\*.*\b_ZN(2v8|4node)\w*/g) ?? []).toEqual([]);
    });
  }

  it('the README names what the prebuilts need', () => {
    const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
    expect(readme).toContain(`glibc ${PREBUILT_NEEDS.glibc} or later`);
    expect(readme).toContain(`GLIBCXX_${PREBUILT_NEEDS.glibcxx}`);
  });
});
