// Programs some tests run or build with: C compilers, the preprocessor, Debian's chromium.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { defineProbe, type HostProbe } from './probe.js';

/** Present when `command --version` runs and exits 0. */
function commandProbe(command: string, what: string): HostProbe {
  return defineProbe(`${what} (\`${command}\`)`, () => {
    const r = spawnSync(command, ['--version'], { stdio: 'ignore' });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return `\`${command}\` is not on PATH`;
    if (r.error) return `\`${command} --version\` could not run: ${r.error.message}`;
    if (r.status !== 0) return `\`${command} --version\` exited with ${r.status ?? r.signal}`;
    return undefined;
  });
}

/** The C compiler the tests build their target programs with. */
export const cc = commandProbe('cc', 'a C compiler');
export const gcc = commandProbe('gcc', 'gcc');
export const gxx = commandProbe('g++', 'a C++ compiler');
/** binutils' objdump, which reads the prebuilt addons' symbol versions. */
export const objdump = commandProbe('objdump', 'objdump (Debian package binutils)');
/** The C preprocessor gen/ evaluates the kernel headers with. */
export const cpp = commandProbe('cpp', 'the C preprocessor');

/** Debian's chromium, which the HTML report test drives (ci/install-browser.sh installs it). */
export const CHROMIUM = '/usr/bin/chromium';
export const chromium = defineProbe('chromium', () => {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return undefined;
  } catch {
    return `no executable ${CHROMIUM} (Debian's chromium; ci/install-browser.sh installs it)`;
  }
});
