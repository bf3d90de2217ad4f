// Shared by the engine's native tests: the C programs (test/c), rule builders, the CLI's path.
import { join } from 'node:path';
import { packageRoot } from '../../../harness/src/paths.js';

export { rule, p, n, str, sym, cmp, FAIL } from '../../unit/engine/compile/helpers.js';
/** The C programs of test/c, built at first use. */
export { buildPrograms, type Programs } from '../../helpers/c-programs.js';

/** The built CLI (npm run build), run with node. */
export function cliPath(): string {
  return join(packageRoot(), 'dist/harness/src/cli/main.js');
}

export function lines(text: string | undefined): string[] {
  return (text ?? '').split('\n').filter((l) => l !== '');
}
