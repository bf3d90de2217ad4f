// The raw addon native/kmod (sct_kmod.node), loaded once; the typed client is client.ts.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';

export interface KmodBinding {
  open(path?: string): number;
  close(fd: number): void;
  version(fd: number): Buffer;
  load(fd: number, hdr: Buffer, rules: Buffer, retired?: Buffer): void;
  clear(fd: number, hdr: Buffer, retired?: Buffer): void;
  list(fd: number, hdr: Buffer, counters: Buffer): void;
  resume(fd: number, tid: number): number;
  readEvents(fd: number, maxEvents?: number): Buffer;
  sizes: Record<'rule' | 'load' | 'list' | 'counter' | 'version' | 'event', number>;
  uapiVersion: number;
}

let cached: KmodBinding | undefined;

export function kmodAddonPaths(): string[] {
  const root = packageRoot();
  return ['Release', 'Debug'].map((f) => join(root, 'native', 'kmod', 'build', f, 'sct_kmod.node'));
}

/** Throws an Error listing what was tried. */
export function loadKmodBinding(): KmodBinding {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const tried: string[] = [];
  for (const path of kmodAddonPaths()) {
    try {
      cached = require(path) as KmodBinding;
      return cached;
    } catch (err) {
      tried.push(`  ${path}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  throw new Error(`cannot load the kernel-module control addon; tried:\n${tried.join('\n')}\nbuild it with \`node native/kmod/build.mjs\``);
}
