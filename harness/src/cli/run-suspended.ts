// The line `sct run` prints when a SUSPEND rule stops a process, so that the user knows which
// one to look at and how to let it go on:
//   sct: suspended pid 4242 (app) at openat("app.conf"); resume: sct resume 4242

import type { DecodedEvent } from '../engine/decode/index.js';
import { quoteString } from '../engine/decode/quote.js';

/** The call by its name and string arguments (paths): `openat("app.conf")`. */
function shortCall(e: DecodedEvent): string {
  const strings = Object.entries(e.mem ?? {})
    .sort(([a], [b]) => Number(a) - Number(b))
    .flatMap(([, v]) => (typeof v === 'string' ? [quoteString(v)] : []));
  return `${e.syscall ?? '?'}(${strings.join(', ')})`;
}

export function formatSuspended(e: DecodedEvent, us: number | undefined): string {
  const comm = e.proc?.comm ?? '?';
  const by = us ? ` (or by itself after ${us / 1000} ms)` : '';
  return `sct: suspended pid ${e.pid} (${comm}) at ${shortCall(e)}${e.phase === 'after' ? ' after it returned' : ''}; resume: sct resume ${e.pid}${by}`;
}
