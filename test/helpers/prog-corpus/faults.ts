// The fault names of include/sct/prog_check.h, in enum order (code = index), read from its
// SCT_PROG_FAULTS list: the corpus writes codes and the tests assert names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../harness/src/paths.js';

export function faultNames(): string[] {
  const text = readFileSync(join(packageRoot(), 'include/sct/prog_check.h'), 'utf8');
  const list = text.slice(text.indexOf('#define SCT_PROG_FAULTS(X)'), text.indexOf('enum sct_prog_fault {'));
  return [...list.matchAll(/X\((\w+), "/g)].map((m) => m[1]!);
}
