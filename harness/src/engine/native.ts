// Loads the addon (sct_native.node, found by ../addon.ts) and wraps it: PATH lookup, and the
// addon's errors as the harness's classes. The addon checks every argument itself, once
// (native/shared/js_args.h); its TypeErrors and RangeErrors become NativeArgumentError here.
// Everything else in the harness imports from here, never the raw binding.

import { loadAddon, NATIVE_ADDON } from '../addon.js';
import { addonCall, NativeArgumentError } from '../addon-arguments.js';
import { DEFAULT_PATH, searchPath } from './path-search.js';
import { LaunchError, SctError, isErrorCode } from '../errors.js';
import type { LaunchOptions, RawBinding, Supervisor } from './native-binding.js';

export type * from './native-binding.js';

/** The addon cannot be loaded; the message lists every path tried and what to do. */
export { AddonLoadError as NativeLoadError } from '../addon.js';

/** Bad argument to the addon; the message names the function, the field and the value. */
export { NativeArgumentError };

let binding: RawBinding | undefined;

/** The raw addon, loaded once. Throws NativeLoadError (addon.ts: every path tried, and why). */
export function loadNative(): RawBinding {
  return (binding ??= loadAddon<RawBinding>(NATIVE_ADDON, 'SCT_NATIVE_LOAD'));
}

/** Resolves a program name without a slash along PATH (from envp, else this process's). */
export function resolveProgram(file: string, envp: string[]): string {
  if (file.includes('/')) return file;
  const pathVar = envp.find((e) => e.startsWith('PATH='))?.slice(5) ?? process.env.PATH ?? DEFAULT_PATH;
  // Not found: execve reports ENOENT, which becomes a LaunchError.
  return searchPath(file, pathVar, process.cwd()).found ?? file;
}

/** Starts a target under the supervisor. Throws NativeArgumentError or LaunchError. */
export function launchNative(opts: LaunchOptions): Supervisor {
  // PATH lookup needs a name and an environment; options without them go to the addon as given,
  // and its error says what is wrong.
  const resolvable = typeof opts?.file === 'string' && opts.file !== '' && Array.isArray(opts.envp) && opts.envp.every((e) => typeof e === 'string');
  const file = resolvable ? resolveProgram(opts.file, opts.envp) : opts?.file;
  const native = loadNative();
  let sup: Supervisor;
  try {
    sup = native.launch(resolvable ? { ...opts, file } : opts);
  } catch (err) {
    const e = err as Error & { code?: string; errno?: number; syscall?: string };
    if (e instanceof SctError || typeof e?.code !== 'string') throw err;
    if (e.code === 'SCT_USAGE') throw new NativeArgumentError(e.message, { cause: err });
    throw new LaunchError(e.message, { code: isErrorCode(e.code) ? e.code : 'SCT_LAUNCH_FAILED', file, errno: e.errno, syscall: e.syscall, cause: err });
  }
  return {
    pid: sup.pid,
    resume: (pid) => addonCall(() => sup.resume(pid)),
    signal: (sig) => addonCall(() => sup.signal(sig)),
    kill: () => sup.kill(),
  };
}

export function nativeFeatures(): Record<string, boolean> {
  return loadNative().features();
}

export function evalProg(prog: Uint8Array, input: Parameters<RawBinding['evalProg']>[1]): boolean {
  const native = loadNative();
  return addonCall(() => native.evalProg(prog, input));
}
