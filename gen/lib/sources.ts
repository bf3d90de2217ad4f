// Where the generator reads from. Every input is a file that a Debian package installs;
// versioned directories are found by glob, never hard-coded.

import { execFileSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Sources {
  /** linux-libc-dev: the host's (x86_64) uapi headers. */
  x86Include: string[];
  /** linux-libc-dev-arm64-cross: arm64 uapi headers with the __ARCH_WANT_* defines. */
  arm64Include: string;
  /** linux-headers-<ver>-common: include/linux/syscalls.h. */
  syscallsH: string;
  /** linux-headers-<ver>-amd64: the x86_64 number -> entry point list (syscall_64.tbl as a header). */
  x86EntryH: string | undefined;
  /** manpages-dev. */
  man2Dir: string;
  /** The man2 files manpages-dev owns: other packages put pages there too (liburing-dev's
   * io_uring_enter.2), which must not change the output. */
  man2Pages: ReadonlySet<string>;
}

/** What the generated headers say they were made from (package names, no machine paths). */
export const SOURCE_PACKAGES = [
  'linux-libc-dev',
  'linux-libc-dev-arm64-cross',
  'linux-headers-<ver>-common',
  'linux-headers-<ver>-amd64',
  'libc6-dev',
  'manpages-dev',
] as const;

/** The highest-sorting directory under `dir` whose name matches `re`, or undefined. */
function newest(dir: string, re: RegExp): string | undefined {
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir).filter((n) => re.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const last = names.at(-1);
  return last === undefined ? undefined : join(dir, last);
}

export class MissingSourceError extends Error {
  readonly code = 'SCT_GEN_MISSING_SOURCE';
}

function need(path: string | undefined, pkg: string): string {
  if (path === undefined || !existsSync(path)) {
    throw new MissingSourceError(`missing ${path ?? pkg}: install the Debian package ${pkg}`);
  }
  return path;
}

/** The files Debian package `pkg` installed (dpkg-query -L). */
function packageFiles(pkg: string): Set<string> {
  try {
    return new Set(execFileSync('dpkg-query', ['-L', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean));
  } catch (err) {
    throw new MissingSourceError(`cannot list the files of ${pkg} (dpkg-query -L ${pkg}): install the Debian package ${pkg}`, { cause: err });
  }
}

export function findSources(): Sources {
  const common = need(newest('/usr/src', /^linux-headers-.*-common$/), 'linux-headers-amd64');
  const amd64 = newest('/usr/src', /^linux-headers-.*-amd64$/);
  const x86Entry = amd64 && join(amd64, 'arch/x86/include/generated/asm/syscalls_64.h');
  return {
    x86Include: [need('/usr/include/x86_64-linux-gnu', 'linux-libc-dev'), '/usr/include'],
    arm64Include: need('/usr/aarch64-linux-gnu/include', 'linux-libc-dev-arm64-cross'),
    syscallsH: need(join(common, 'include/linux/syscalls.h'), 'linux-headers-<ver>-common'),
    x86EntryH: x86Entry && existsSync(x86Entry) ? x86Entry : undefined,
    man2Dir: need('/usr/share/man/man2', 'manpages-dev'),
    man2Pages: packageFiles('manpages-dev'),
  };
}
