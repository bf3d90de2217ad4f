// The raw addon native/kmod (sct_kmod.node), loaded once; the typed client is client.ts. The addon
// checks every argument itself (native/shared/js_args.h): a TypeError/RangeError with code SCT_USAGE
// naming the function and the argument, which client.ts turns into NativeArgumentError.
import { addonPaths, KMOD_ADDON, loadAddon } from '../addon.js';

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

/** The kernel-module control addon could not be loaded (addon.ts: every path tried, and why). */
export { AddonLoadError as KmodAddonLoadError } from '../addon.js';

let cached: KmodBinding | undefined;

export const kmodAddonPaths = (): string[] => addonPaths(KMOD_ADDON);

/** Throws KmodAddonLoadError listing every path tried. */
export function loadKmodBinding(load?: (path: string) => unknown): KmodBinding {
  if (cached) return cached;
  const ctx = load ? { platform: process.platform, arch: process.arch, env: {}, load } : undefined;
  return (cached = loadAddon<KmodBinding>(KMOD_ADDON, 'SCT_KMOD_ADDON_LOAD', ctx));
}
