// Rule loading for `sct run`/`sct trace`: every diagnostic of every source, formatted.

import { formatDiagnostics } from '../rules/config/index.js';
import type { LoadedRules } from '../rules/load.js';

export function printLoadDiagnostics(loaded: LoadedRules): void {
  for (const source of loaded.sources) {
    if (source.diagnostics.length > 0) process.stderr.write(formatDiagnostics(source.diagnostics, source.text) + '\n');
  }
}
