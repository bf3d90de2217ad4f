// Where syscalltrack's own files are, whether it runs from its sources (a checkout, under tsx or
// vitest), from the bundle a checkout builds (dist/), or installed as a package
// (node_modules/syscalltrack/dist/, with no harness/ beside it).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The directory holding syscalltrack's package.json: the nearest one above this file named `syscalltrack`. */
export function packageRoot(): string {
  if (cached) return cached;
  const here = fileURLToPath(import.meta.url);
  for (let dir = dirname(here); ; ) {
    if (isOurPackage(join(dir, 'package.json'))) return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find syscalltrack's package.json above ${here}`);
    dir = parent;
  }
}

function isOurPackage(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'syscalltrack';
  } catch {
    return false;
  }
}

/** True when this code runs from the TypeScript sources (tsx, vitest), false from the built bundle. */
export const fromSource: boolean = import.meta.url.endsWith('.ts');

/**
 * A module of the harness by its path under harness/src, without extension (`explore/worker-main`):
 * the source file when running from sources, the bundle's entry in dist/ otherwise. Only the
 * bundle's entries exist in dist/ (harness/build.mjs lists them).
 */
export function harnessModule(path: string): string {
  return fromSource ? join(packageRoot(), 'harness', 'src', `${path}.ts`) : join(packageRoot(), 'dist', 'harness', 'src', `${path}.js`);
}
