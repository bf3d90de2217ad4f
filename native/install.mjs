#!/usr/bin/env node
// The package's install script. The addons ship prebuilt (native/prebuilds, native/kmod/prebuilds),
// so on linux-x64 with glibc 2.34 or later this only checks that they load, and prints nothing.
// It builds them from source when asked (`npm rebuild syscalltrack --build-from-source`, which sets
// npm_config_build_from_source) or when a prebuilt cannot load here. npm 11 runs install scripts only
// for packages the user approved; without it, the prebuilts are used as they are.
// A failed build does not fail the install: `sct` then says why it cannot load the addon.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// In a checkout, `npm ci` runs this before `prepare` has built dist/ and the addons: nothing to check yet.
if (!existsSync(join(root, 'dist', 'harness', 'src', 'addon.js'))) process.exit(0);
const { KMOD_ADDON, NATIVE_ADDON, WATCH_ADDON, loadAddon } = await import(join(root, 'dist', 'harness', 'src', 'addon.js'));
const fromSource = ['true', '1', ''].includes(process.env.npm_config_build_from_source ?? 'unset');

// The eBPF addon of `sct watch` is not checked here: it cannot load where libbpf.so.1 is missing,
// which a build would not change, and `sct watch` says what to install. It is built from source
// when asked (build.mjs skips it, saying why, without clang, bpftool or libbpf-dev).
for (const spec of fromSource ? [NATIVE_ADDON, KMOD_ADDON, WATCH_ADDON] : [NATIVE_ADDON, KMOD_ADDON]) {
  if (!fromSource) {
    try {
      loadAddon(spec, 'SCT_NATIVE_LOAD');
      continue;
    } catch (error) {
      if (error.code === 'SCT_UNSUPPORTED_PLATFORM') {
        console.error(`syscalltrack: ${error.message.split('\n')[0]}`);
        break;
      }
      console.error(`syscalltrack: ${error.message.split('\n')[0]}; building ${spec.dir} from source`);
    }
  }
  const r = spawnSync(process.execPath, [join(root, 'native', 'build.mjs'), join(root, spec.dir)], { stdio: 'inherit' });
  if (r.status !== 0) console.error(`syscalltrack: building ${spec.dir} from source failed (exit ${r.status}); sct will say what it cannot load`);
}
