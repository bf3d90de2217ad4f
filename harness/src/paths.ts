import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The directory holding syscalltrack's package.json, from sources (harness/src) or dist/. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && existsSync(join(dir, 'harness'))) return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find syscalltrack's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
