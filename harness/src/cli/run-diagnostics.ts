// Rule loading for the commands that read rules (`sct config`, `sct run`, `sct load`): the
// diagnostics of every source, formatted, up to --max-errors errors and a line for the rest.

import type { Diagnostic } from '../errors.js';
import { formatDiagnostics } from '../rules/config/index.js';
import type { LoadedRules } from '../rules/load.js';

export function printLoadDiagnostics(loaded: Pick<LoadedRules, 'sources' | 'stopped'>, maxErrors = Infinity): void {
  let errors = 0;
  let hidden = 0;
  for (const source of loaded.sources) {
    const shown: Diagnostic[] = [];
    for (const d of source.diagnostics) {
      if (d.severity === 'error' && errors++ >= maxErrors) hidden++;
      else shown.push(d);
    }
    if (shown.length > 0) process.stderr.write(formatDiagnostics(shown, source.text) + '\n');
  }
  if (hidden > 0 || loaded.stopped) {
    const more = loaded.stopped ? `${hidden > 0 ? `${hidden} more error(s) not shown, ` : ''}reading stopped after ${maxErrors} error(s)` : `${hidden} more error(s) not shown`;
    process.stderr.write(`sct: ${more} (--max-errors ${maxErrors})\n`);
  }
}
