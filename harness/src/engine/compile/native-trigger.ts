// Rule triggers -> the supervisor's NativeTrigger.

import type { NativeTrigger } from '../native-binding.js';
import type { CounterScope, Trigger } from '../../rules/model.js';

const SCOPE: Record<CounterScope, NativeTrigger['scope']> = { tree: 0, process: 1, thread: 2 };

export function nativeTrigger(t: Trigger): NativeTrigger {
  const w = t.when;
  const first = w?.first ?? 1;
  // step 0 (strace `when=3`): that one occurrence only.
  const once = w !== undefined && w.step === 0;
  return {
    first,
    last: once ? first : (w?.last ?? 0),
    step: once ? 1 : (w?.step ?? 1),
    p: t.probability?.p ?? 1,
    seed: t.probability?.seed ?? 0,
    max: t.maxCount ?? 0,
    scope: SCOPE[t.scope],
  };
}
