// The diagnostics of command-line specs, with `--max-errors`: once that many errors are reported
// the parsers stop reading, as the config parser does (a 120 kB `-e inject=zz,zz,...` made 40,000
// errors, each with a did-you-mean search over every syscall name: 16 s).

import type { Diagnostic } from '../../errors.js';

export class Reports {
  readonly diagnostics: Diagnostic[] = [];
  private errors = 0;

  constructor(private readonly maxErrors = Infinity) {}

  push(d: Diagnostic): void {
    this.diagnostics.push(d);
    if (d.severity === 'error') this.errors++;
  }

  /** `maxErrors` errors reported: read no further. */
  get full(): boolean {
    return this.errors >= this.maxErrors;
  }
}
