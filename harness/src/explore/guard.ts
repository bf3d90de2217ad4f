// Every explored run carries this guard: kill(2) with pid <= 0 fails with EPERM. A fault can send
// a program down a path it never takes otherwise, and the path may signal pid -1 (as root: every
// process on the machine) or 0 (its process group, which may be the harness's). fetch.c does: a
// failed fork leaves pid -1, which its give-up path then SIGKILLs.

import { rule } from '../rules/builder/index.js';
import type { Rule } from '../rules/model.js';

export const GUARD_RULE_NAME = 'explore-guard';
export const GUARD_RULE_SOURCE = `rule.before('kill').where('pid <= 0 || pid > 2147483647').fail('EPERM').named('${GUARD_RULE_NAME}')`;

export function guardRules(): Rule[] {
  return [rule.before('kill').where('pid <= 0 || pid > 2147483647').fail('EPERM').named(GUARD_RULE_NAME).build()];
}
