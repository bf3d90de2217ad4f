// The raw addon native/kmod (sct_kmod.node), loaded once; the typed client is client.ts.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SctError } from '../errors.js';
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

/** How to build the addon, from the package root. */
export const KMOD_ADDON_BUILD = 'node native/build.mjs native/kmod';

/** The kernel-module control addon could not be loaded from any of the paths tried. */
export class KmodAddonLoadError extends SctError {
  readonly code = 'SCT_KMOD_ADDON_LOAD';
  constructor(
    /** Every path tried, with why it failed. */
    readonly tried: { path: string; reason: string }[],
    options?: { cause?: unknown },
  ) {
    super(
      `cannot load the kernel-module control addon (sct_kmod.node); tried:\n${tried.map((t) => `  ${t.path}: ${t.reason}`).join('\n')}\n` +
        `build it with \`${KMOD_ADDON_BUILD}\` (or \`npm run build:native\`, which builds both addons)`,
      options,
    );
  }
}

let cached: KmodBinding | undefined;

export function kmodAddonPaths(): string[] {
  const root = packageRoot();
  return ['Release', 'Debug'].map((f) => join(root, 'native', 'kmod', 'build', f, 'sct_kmod.node'));
}

/** Throws KmodAddonLoadError listing every path tried. */
export function loadKmodBinding(load: (path: string) => unknown = createRequire(import.meta.url)): KmodBinding {
  if (cached) return cached;
  const tried: { path: string; reason: string }[] = [];
  let lastErr: unknown;
  for (const path of kmodAddonPaths()) {
    try {
      cached = load(path) as KmodBinding;
      return cached;
    } catch (err) {
      lastErr = err;
      tried.push({ path, reason: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err) });
    }
  }
  throw new KmodAddonLoadError(tried, { cause: lastErr });
}
