#!/usr/bin/env node
// Builds a node-gyp addon offline: node-gyp gets --nodedir from the running Node's own prefix
// (<prefix>/include/node exists for Debian's /usr, nvm and the official tarballs), so it never
// tries to download headers.
//   node native/build.mjs [ADDON_DIR] [--debug] [--prebuild]
// ADDON_DIR is the folder holding binding.gyp (default: native/, the seccomp engine's addon;
// native/kmod is the kernel-module control addon, native/watch the eBPF one of `sct watch`),
// relative to the current directory. native/watch first needs its BPF skeleton (watch-skeleton.mjs):
// without clang, bpftool or libbpf-dev that addon is skipped with a message, not an error, since
// its prebuilt ships and only `sct watch` loads it.
// --prebuild also copies the Release build to ADDON_DIR/prebuilds/<platform>-<arch>/NAME.napi.glibc.node,
// where the package ships it (harness/src/addon.ts finds it there).
// node-gyp comes from the checkout's devDependencies, or from npm's own copy: the npm that runs
// this script (npm_config_node_gyp, in `npm rebuild syscalltrack --build-from-source`), or the npm
// installed beside this Node (`node node_modules/syscalltrack/native/build.mjs` in a project).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const positional = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const prebuild = process.argv.includes('--prebuild');
const flags = process.argv.slice(2).filter((a) => a.startsWith('-') && a !== '--prebuild');
if (positional.length > 1) {
  console.error(`sct: Expected at most one addon directory, got \`${positional.join(' ')}\`; usage: node native/build.mjs [ADDON_DIR] [--debug]`);
  process.exit(2);
}
const addonDir = positional.length ? resolve(positional[0]) : here;
if (!existsSync(join(addonDir, 'binding.gyp'))) {
  console.error(`sct: Expected an addon directory with a binding.gyp, got \`${positional[0] ?? addonDir}\` (no ${join(addonDir, 'binding.gyp')})`);
  process.exit(2);
}
if (existsSync(join(addonDir, 'Makefile')) && existsSync(join(addonDir, 'bpf', 'watch.bpf.c'))) {
  const { buildSkeleton } = await import('./watch-skeleton.mjs');
  const missing = buildSkeleton(addonDir);
  if (missing) {
    console.error(`sct: skipping ${addonDir} (the sct watch addon): ${missing}`);
    process.exit(0);
  }
}
const prefix = dirname(dirname(process.execPath));
if (!existsSync(join(prefix, 'include', 'node', 'node_api.h'))) {
  console.error(`sct: no Node headers at ${join(prefix, 'include', 'node')} (for ${process.execPath}); install them with your Node`);
  process.exit(1);
}
function nodeGyp() {
  try {
    return createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    // npm's own copy: the one npm names to its scripts, or the one beside the running Node.
    for (const gyp of [process.env.npm_config_node_gyp, join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')]) {
      if (gyp && existsSync(gyp)) return gyp;
    }
    console.error('sct: node-gyp not found: run this through npm (`npm rebuild syscalltrack --build-from-source`), or `npm i -g node-gyp`');
    process.exit(1);
  }
}
const args = [nodeGyp(), 'rebuild', `--nodedir=${prefix}`, `--jobs=max`, ...flags];
const r = spawnSync(process.execPath, args, { cwd: addonDir, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
if (prebuild) {
  const release = join(addonDir, 'build', 'Release');
  const built = readdirSync(release).filter((f) => f.endsWith('.node'));
  if (built.length !== 1) {
    console.error(`sct: expected one .node file in ${release}, found ${built.length}`);
    process.exit(1);
  }
  const dir = join(addonDir, 'prebuilds', `${process.platform}-${process.arch}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(release, built[0]), join(dir, built[0].replace(/\.node$/, '.napi.glibc.node')));
}
