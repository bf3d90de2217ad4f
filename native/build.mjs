#!/usr/bin/env node
// Builds a node-gyp addon offline: node-gyp gets --nodedir from the running Node's own prefix
// (<prefix>/include/node exists for Debian's /usr, nvm and the official tarballs), so it never
// tries to download headers.
//   node native/build.mjs [ADDON_DIR] [--debug]
// ADDON_DIR is the folder holding binding.gyp (default: native/, the seccomp engine's addon;
// native/kmod is the kernel-module control addon), relative to the current directory.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const positional = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
if (positional.length > 1) {
  console.error(`sct: Expected at most one addon directory, got \`${positional.join(' ')}\`; usage: node native/build.mjs [ADDON_DIR] [--debug]`);
  process.exit(2);
}
const addonDir = positional.length ? resolve(positional[0]) : here;
if (!existsSync(join(addonDir, 'binding.gyp'))) {
  console.error(`sct: Expected an addon directory with a binding.gyp, got \`${positional[0] ?? addonDir}\` (no ${join(addonDir, 'binding.gyp')})`);
  process.exit(2);
}
const prefix = dirname(dirname(process.execPath));
if (!existsSync(join(prefix, 'include', 'node', 'node_api.h'))) {
  console.error(`sct: no Node headers at ${join(prefix, 'include', 'node')} (for ${process.execPath}); install them with your Node`);
  process.exit(1);
}
const require = createRequire(import.meta.url);
const gyp = require.resolve('node-gyp/bin/node-gyp.js');
const args = [gyp, 'rebuild', `--nodedir=${prefix}`, `--jobs=max`, ...flags];
const r = spawnSync(process.execPath, args, { cwd: addonDir, stdio: 'inherit' });
process.exit(r.status ?? 1);
