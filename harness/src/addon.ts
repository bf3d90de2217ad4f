// Finds and loads a native addon of the package (the seccomp engine's, native/; the kernel-module
// control's, native/kmod/), with the layout node-gyp-build uses:
//   1. the file an environment variable names (SCT_NATIVE_ADDON, SCT_KMOD_ADDON), and only it;
//   2. a source build: <dir>/build/Release, then <dir>/build/Debug (`npm run build:native`, or
//      `npm rebuild syscalltrack --build-from-source` in a project that installed the package);
//   3. the prebuilt the package ships: <dir>/prebuilds/<platform>-<arch>/<name>.napi.glibc.node
//      (N-API: one build serves every Node version from 20 on).
// Every path tried is kept with why it failed, and the error says what to do about it. The
// loop is ours rather than node-gyp-build's: that one stops at the first file it finds and
// cannot say why a prebuilt failed to load (an older glibc, another architecture).

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SctError } from './errors.js';
import { packageRoot } from './paths.js';

/**
 * The newest glibc and libstdc++ symbol versions the prebuilt addons need (built on Debian 12;
 * met by Debian 12, Ubuntu 22.04, Fedora 36 and later). A test reads the addons' symbol tables
 * against these, and the README names them.
 */
export const PREBUILT_NEEDS = { glibc: '2.34', glibcxx: '3.4.30' } as const;

/** The platforms a prebuilt ships for, and for which the engine is written (x86_64 registers in ptrace). */
export const SUPPORTED_PLATFORMS = ['linux-x64'] as const;

export interface AddonSpec {
  /** The addon's file name without `.node`: `sct_native`, `sct_kmod`. */
  name: string;
  /** Its folder under the package root, holding binding.gyp: `native`, `native/kmod`. */
  dir: string;
  /** The environment variable that names another file to load instead. */
  env: string;
  /** What it is, for messages: `the native supervisor`. */
  what: string;
}

/** The code an addon's load failure carries. */
export type AddonLoadCode = 'SCT_NATIVE_LOAD' | 'SCT_KMOD_ADDON_LOAD' | 'SCT_WATCH_UNAVAILABLE';

/** The package's addons; sct_watch is loaded by `sct watch` only (it links libbpf.so.1). */
export const NATIVE_ADDON: AddonSpec = { name: 'sct_native', dir: 'native', env: 'SCT_NATIVE_ADDON', what: 'the native supervisor' };
export const KMOD_ADDON: AddonSpec = { name: 'sct_kmod', dir: 'native/kmod', env: 'SCT_KMOD_ADDON', what: 'the kernel-module control addon' };
export const WATCH_ADDON: AddonSpec = { name: 'sct_watch', dir: 'native/watch', env: 'SCT_WATCH_ADDON', what: 'the eBPF addon of sct watch' };

export interface AddonTry {
  path: string;
  error: string;
}

/** The addon could not be loaded: `tried` lists every path with why; the message says what to do. */
export class AddonLoadError extends SctError {
  readonly code: AddonLoadCode | 'SCT_UNSUPPORTED_PLATFORM';
  constructor(
    message: string,
    code: AddonLoadError['code'],
    readonly tried: AddonTry[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
  }
}

export interface LoadContext {
  platform: string;
  arch: string;
  env: Record<string, string | undefined>;
  /** Loads one file (`require` by default). */
  load: (path: string) => unknown;
  /** The running glibc's version, for messages (default: asked of process.report when a load failed). */
  glibc?: string;
}

function defaultContext(): LoadContext {
  return { platform: process.platform, arch: process.arch, env: process.env, load: createRequire(import.meta.url) };
}

/** The running glibc's version (process.report: a whole diagnostic report, so only when a load failed). */
function runningGlibc(): string | undefined {
  return (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime;
}

/** The paths tried for `spec`, in order (without the environment override). */
export function addonPaths(spec: AddonSpec, platform: string = process.platform, arch: string = process.arch): string[] {
  const dir = join(packageRoot(), spec.dir);
  return [
    join(dir, 'build', 'Release', `${spec.name}.node`),
    join(dir, 'build', 'Debug', `${spec.name}.node`),
    join(dir, 'prebuilds', `${platform}-${arch}`, `${spec.name}.napi.glibc.node`),
  ];
}

/** How to build the addons from source, for messages. */
export const BUILD_FROM_SOURCE =
  'build it from source with `npm rebuild syscalltrack --build-from-source` in your project, or ' +
  '`node node_modules/syscalltrack/native/build.mjs` (`npm run build:native` in a checkout); that needs g++, make, python3 and the headers of the Node that runs sct';

/** Why one path failed, in words a user can act on. */
function reason(err: unknown, ctx: LoadContext): string {
  const text = err instanceof Error ? err.message : String(err);
  const first = text.split('\n')[0]!;
  if ((err as { code?: string })?.code === 'MODULE_NOT_FOUND' || /Cannot find module/.test(first)) return 'not there';
  const glibc = /version `GLIBC_([\d.]+)' not found/.exec(text);
  if (glibc) return `needs glibc ${glibc[1]} or later, this system has ${ctx.glibc ?? runningGlibc() ?? 'an older one'} (${first})`;
  const cxx = /version `GLIBCXX_([\d.]+)' not found/.exec(text);
  if (cxx) return `needs libstdc++ with GLIBCXX_${cxx[1]} (GCC 12's) or later, this system's is older (${first})`;
  const lib = /^(lib[\w+-]+\.so[.\d]*): cannot open shared object file/.exec(first);
  if (lib) return `needs ${lib[1]}, which is not installed (${first})`;
  if (/wrong ELF class|invalid ELF header|cannot open shared object file: No such file/.test(first)) return `not a library for this machine (${first})`;
  return first;
}

/** Loads `spec`'s addon once per call site's cache; throws AddonLoadError. */
export function loadAddon<T>(spec: AddonSpec, code: AddonLoadCode, ctx: LoadContext = defaultContext()): T {
  const override = ctx.env[spec.env];
  const platform = `${ctx.platform}-${ctx.arch}`;
  const paths = override ? [override] : addonPaths(spec, ctx.platform, ctx.arch);
  const tried: AddonTry[] = [];
  let last: unknown;
  for (const path of paths) {
    try {
      return ctx.load(path) as T;
    } catch (err) {
      last = err;
      tried.push({ path, error: reason(err, ctx) });
    }
  }
  const list = tried.map((t) => `  ${t.path}: ${t.error}`).join('\n');
  if (override) {
    throw new AddonLoadError(`cannot load ${spec.what} from ${spec.env}=${override}: ${tried[0]!.error}\nunset ${spec.env} to use the package's own build`, code, tried, { cause: last });
  }
  if (!(SUPPORTED_PLATFORMS as readonly string[]).includes(platform)) {
    throw new AddonLoadError(
      `syscalltrack's engine runs on ${SUPPORTED_PLATFORMS.join(', ')} only, not ${platform}: its ptrace tier is written for x86_64 registers, ` +
        `so there is no prebuilt and no source build for ${platform}. Rule files can still be checked here (\`sct config check\`).\ntried:\n${list}`,
      'SCT_UNSUPPORTED_PLATFORM',
      tried,
      { cause: last },
    );
  }
  throw new AddonLoadError(`cannot load ${spec.what} (${spec.name}.node); tried:\n${list}\n${BUILD_FROM_SOURCE}`, code, tried, { cause: last });
}
