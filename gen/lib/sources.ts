// Where the generator reads from. Every input is a file that a Debian package installs;
// versioned directories are found by glob, never hard-coded.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
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
  /**
   * The man2 pages manpages-dev itself installs (dpkg's file list), or undefined where there is no
   * dpkg. Other packages put pages there too (liburing-dev: io_uring_setup.2): the tables must not
   * change with what else is installed.
   */
  man2Pages: ReadonlySet<string> | undefined;
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

/** Files a Debian package installed, from dpkg's own list; undefined without one. */
function packageFiles(pkg: string): Set<string> | undefined {
  const list = ['', ':amd64', ':all'].map((arch) => `/var/lib/dpkg/info/${pkg}${arch}.list`).find((f) => existsSync(f));
  return list === undefined ? undefined : new Set(readFileSync(list, 'utf8').split('\n').filter((l) => l !== ''));
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
