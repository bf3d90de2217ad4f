#!/usr/bin/env node
// Builds the kernel-module control addon (native/kmod) offline: node-gyp gets --nodedir from the running Node's own prefix
// (<prefix>/include/node exists for Debian's /usr, nvm and the official tarballs), so it never
// tries to download headers. Usage: node native/kmod/build.mjs [--debug]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const prefix = dirname(dirname(process.execPath));
if (!existsSync(join(prefix, 'include', 'node', 'node_api.h'))) {
  console.error(`sct: no Node headers at ${join(prefix, 'include', 'node')} (for ${process.execPath}); install them with your Node`);
  process.exit(1);
}
const require = createRequire(import.meta.url);
const gyp = require.resolve('node-gyp/bin/node-gyp.js');
const args = [gyp, 'rebuild', `--nodedir=${prefix}`, `--jobs=max`, ...process.argv.slice(2)];
const r = spawnSync(process.execPath, args, { cwd: here, stdio: 'inherit' });
process.exit(r.status ?? 1);
