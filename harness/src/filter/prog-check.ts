// The filter room's door to the one program checker, include/sct/prog_check.h, which the kernel
// module and the addon's supervisor also run on load. It lives in the addon (sct_native.node,
// found by ../addon.ts), so the compiler checks its own output with the very code that will judge
// it. Without a loadable addon there is no checker: that is an error naming every path tried,
// never a skipped check.

import { AddonLoadError, loadAddon, NATIVE_ADDON } from '../addon.js';
import { addonCall } from '../addon-arguments.js';

/** What include/sct/prog_check.h found wrong with a filter program. */
export interface ProgFault {
  /** The fault's name, as in the header's SCT_PROG_FAULTS list without SCT_PF_: `BACKWARD_JUMP`. */
  fault: string;
  /** Lowercase text with the place: `backward jump at instruction 1`. */
  message: string;
  /** The instruction, or -1 for a fault of the header or the pool. */
  index: number;
  /** The pool entry concerned, or -1. */
  constant: number;
}

interface CheckerBinding {
  progCheck(prog: Uint8Array): ProgFault | null;
}

let binding: CheckerBinding | undefined;

/**
 * The checker's verdict on `blob`: null when the module and the supervisor would load it. The one
 * TS entry to it (engine/ and the tests call this too). Throws AddonLoadError, and
 * NativeArgumentError for anything but a Uint8Array.
 */
export function checkProg(blob: Uint8Array): ProgFault | null {
  if (!binding) {
    try {
      binding = loadAddon<CheckerBinding>(NATIVE_ADDON, 'SCT_NATIVE_LOAD');
    } catch (err) {
      if (!(err instanceof AddonLoadError)) throw err;
      throw new AddonLoadError(`the filter compiler checks every program with the addon's checker (include/sct/prog_check.h), and ${err.message}`, err.code, err.tried, { cause: err });
    }
  }
  const checker = binding;
  return addonCall(() => checker.progCheck(blob));
}
