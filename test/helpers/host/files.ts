// Files some tests read or run: the Linux uapi headers, the generator's Debian sources, the built CLI.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findSources, MissingSourceError } from '../../../gen/lib/sources.js';
import { packageRoot } from '../../../harness/src/paths.js';
import { defineProbe } from './probe.js';
import { cpp } from './tools.js';

export const UAPI_HEADERS = ['/usr/include/linux/bpf_common.h', '/usr/include/linux/filter.h', '/usr/include/linux/seccomp.h'];

export const uapiHeaders = defineProbe('the Linux uapi headers', () => {
  const absent = UAPI_HEADERS.filter((h) => !existsSync(h));
  return absent.length ? `missing ${absent.join(', ')} (install linux-libc-dev)` : undefined;
});

/** Everything gen/main.ts reads (gen/lib/sources.ts names the Debian package of each), and cpp. */
export const genSources = defineProbe("the generator's sources", () => {
  const prior = cpp.missing();
  if (prior !== undefined) return prior;
  try {
    findSources();
    return undefined;
  } catch (e) {
    if (e instanceof MissingSourceError) return e.message;
    throw e;
  }
});

export const builtCli = defineProbe('the built CLI', () =>
  existsSync(join(packageRoot(), 'dist/harness/src/cli/main.js')) ? undefined : 'dist/harness/src/cli/main.js is missing: run `npm run build`',
);
