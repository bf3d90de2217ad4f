// C targets compiled on demand with `cc -O1` into node_modules/.cache/sct-targets (targetCacheDir), keyed by a
// hash of the source, the headers beside it and the defines: an unchanged target is built once.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../paths.js';
import { TargetBuildError } from './errors.js';

const run = promisify(execFile);
const CFLAGS = ['-O1', '-Wall', '-std=gnu11'];

/**
 * SCT_TARGET_CACHE, else node_modules/.cache/sct-targets of the project: the checkout's own, or,
 * installed as a package (…/node_modules/syscalltrack), the node_modules it was installed in.
 */
export function targetCacheDir(): string {
  if (process.env.SCT_TARGET_CACHE) return process.env.SCT_TARGET_CACHE;
  const root = packageRoot();
  const modules = basename(dirname(root)) === 'node_modules' ? dirname(root) : join(root, 'node_modules');
  return join(modules, '.cache', 'sct-targets');
}

/** Absolute path of the compiled program for `source` with `-D` each of `defines`. */
export async function buildCTarget(source: string, defines: readonly string[] = []): Promise<string> {
  let text: Buffer;
  try {
    text = readFileSync(source);
  } catch (error) {
    throw new TargetBuildError(`cannot read the C target \`${source}\`: ${(error as Error).message}`, source, '', { cause: error });
  }
  const hash = createHash('sha256').update(text).update(CFLAGS.join(' ')).update(defines.join('\0'));
  const dir = dirname(source);
  for (const h of readdirSync(dir).filter((f) => f.endsWith('.h')).sort()) hash.update(h).update(readFileSync(join(dir, h)));
  const tag = defines.length ? `-${defines.map((d) => d.replace(/\W+/g, '_')).join('-').toLowerCase()}` : '';
  const cache = targetCacheDir();
  const out = join(cache, `${basename(source, '.c')}${tag}-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(out)) return out;
  mkdirSync(cache, { recursive: true });
  const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await run('cc', [...CFLAGS, ...defines.map((d) => `-D${d}`), '-o', tmp, source]);
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new TargetBuildError(`cannot compile \`${source}\`${tag ? ` with ${defines.map((d) => `-D${d}`).join(' ')}` : ''}:\n${e.stderr ?? e.message}`, source, e.stderr ?? '', { cause: error });
  }
  renameSync(tmp, out); // atomic: a parallel build of the same target just wins or loses the race
  return out;
}
