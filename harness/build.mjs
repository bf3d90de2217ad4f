#!/usr/bin/env node
// Builds dist/: the harness bundled by esbuild into one ESM file per public entry, with the code
// they share split into dist/chunks/ (so the CLI, the library and a scenario file that imports
// `syscalltrack` share one copy of each module in a process), and each command's module loaded
// only when that command runs. Loading ~200 small files cost `sct --version` 3.3x `node -e 0`.
// Type declarations come from tsc (tsconfig.build.json) into the same paths.
//   node harness/build.mjs
import { build } from 'esbuild';
import { rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * commander loads node:child_process at its top (and with it net, dgram and the rest: 10 of Node's
 * modules at every start) for executable subcommands, which sct has none of: load it on first use.
 */
const lazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager)) throw new Error(`${args.path}: expected \`${eager}\` (commander changed; update harness/build.mjs)`);
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: text.replace(eager, lazy), loader: 'js' };
    });
  },
};

// Every file dist/ must have, by its path without extension. cli/main, index, vitest/index,
// explore/index, crash/index:
// package.json's bin and exports; explore/worker-main: forked by explore; addon: native/install.mjs
// checks the addons with it.
const ENTRIES = ['harness/src/cli/main', 'harness/src/index', 'harness/src/vitest/index', 'harness/src/explore/index', 'harness/src/crash/index', 'harness/src/explore/worker-main', 'harness/src/addon'];

rmSync(join(root, 'dist'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(ENTRIES.map((e) => [e, `${e}.ts`])),
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay imports, resolved from node_modules at run time, except the small ones every
  // command needs: commander as CommonJS cost `sct --version` ~30% in the loader alone.
  external: ['tsx', 'tsx/*', 'fast-check', 'vitest', 'cli-progress', 'tinyglobby', 'node-addon-api'],
  // Whitespace and syntax only: names stay, so error classes keep theirs (keepNames for safety).
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  // Bundled CommonJS (commander) calls require() for Node's built-ins.
  banner: { js: "import { createRequire as __sctRequire } from 'node:module'; const require = __sctRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [lazyChildProcess],
});
let bytes = 0;
for (const [file, out] of Object.entries(result.metafile.outputs)) if (file.endsWith('.js')) bytes += out.bytes;
for (const e of ENTRIES) statSync(join(root, 'dist', `${e}.js`));
console.log(`dist/: ${ENTRIES.length} entries, ${Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length} files, ${(bytes / 1024).toFixed(0)} KiB of JS`);
