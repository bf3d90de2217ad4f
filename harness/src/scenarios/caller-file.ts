// The file that called defineScenario(), from the stack, so that a target written relative to
// the scenario file resolves without the scenario naming its own location. The loader sets the
// file explicitly; this is the fallback for scenarios imported directly (tests).

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const OWN_DIR = dirname(fileURLToPath(import.meta.url));
/** With source maps (tsx), frames of the compiled files show their sources' paths. */
const isOwn = (file: string): boolean => dirname(file) === OWN_DIR || dirname(file).endsWith('/harness/src/scenarios');

export function callerFile(): string | undefined {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const line of stack) {
    // `at f (/abs/file.ts:1:2)`, `at file:///abs/file.ts?query:1:2`; never `node:internal/...`,
    // whose `/modules/esm/translators` is no file (explore once recorded it as the scenario's).
    const m = /(?:\(|at )((?:file:\/\/)?\/[^():?]+)(?:\?[^():]*)?:\d+:\d+\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (isOwn(file) || file.includes('/node_modules/')) continue;
    return file;
  }
  return undefined;
}
