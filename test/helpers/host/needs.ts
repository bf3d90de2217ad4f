// Skips a test where the host lacks what it needs, with the reason where every reporter shows it:
// the skip note (verbose reporter), a printed line (default reporter: under "stdout | <test>"),
// and task meta `skipReason` (JSON reporter).
import type { TestContext } from 'vitest';
import type { HostProbe } from './probe.js';

declare module 'vitest' {
  interface TaskMeta {
    /** Why a host probe skipped this test (test/helpers/host). */
    skipReason?: string;
  }
}

/** The first missing probe's reason, as "<probe>: <reason>", or undefined when all are present. */
export function missingReason(probes: HostProbe[]): string | undefined {
  for (const p of probes) {
    const why = p.missing();
    if (why !== undefined) return `needs ${p.name}: ${why}`;
  }
  return undefined;
}

/**
 * A hook that skips the test unless the host has every probe's feature:
 * `beforeEach(needs(cc, i386Abi))` for a file or a describe, or `needs(chromium)(ctx)` in a test.
 */
export function needs(...probes: HostProbe[]): (ctx: TestContext) => void {
  return (ctx) => skipWhen(missingReason(probes))(ctx);
}

/**
 * A hook that skips the test when `reason` is given (a reason computed once for a file, such as
 * "this host cannot run sct watch: ..."), saying why as needs() does: `beforeEach(skipWhen(why))`
 * in a describe, or `skipWhen(why)(ctx)` at the top of a test.
 */
export function skipWhen(reason: string | null | undefined): (ctx: TestContext) => void {
  return (ctx) => {
    if (reason === undefined || reason === null) return;
    ctx.task.meta.skipReason = reason;
    console.log(`skipped: ${reason}`);
    ctx.skip(reason);
  };
}
