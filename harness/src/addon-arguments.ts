// The addons check their own arguments (native/shared/js_args.h: one strict check at each entry
// point, a TypeError or RangeError with code SCT_USAGE that names the function and the field).
// This turns those into NativeArgumentError, a UsageError, for both addons, so that callers see
// the harness's own error class with the addon's message; nothing here checks an argument again.

import { UsageError } from './errors.js';

/** Bad argument to an addon entry point; the message names the function, the field and the value. */
export class NativeArgumentError extends UsageError {}

/** The addon's argument error as a NativeArgumentError; anything else as it was. */
export function asArgumentError(err: unknown): unknown {
  const bad = (err instanceof TypeError || err instanceof RangeError) && (err as { code?: unknown }).code === 'SCT_USAGE';
  return bad ? new NativeArgumentError(err.message, { cause: err }) : err;
}

/** Calls into an addon; its argument errors become NativeArgumentError. */
export function addonCall<T>(call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw asArgumentError(err);
  }
}
