// A host probe asks once whether this machine has something a test needs (a kernel feature, a
// tool) and, where it has not, says why in words a reader can act on.
//
// A probe's check returns undefined (present) or the reason (absent). It throws where the host
// answered in a way the probe does not know: such a test then fails with the probe's message
// instead of being skipped, so that a probe can never hide a regression.

export class HostProbeError extends Error {
  readonly code = 'SCT_TEST_HOST_PROBE';
}

export interface HostProbe {
  /** What is probed, e.g. "the i386 ABI (int $0x80)". */
  readonly name: string;
  /** undefined where the host has it, else why not; throws HostProbeError on an unknown answer. */
  missing(): string | undefined;
}

export function defineProbe(name: string, check: () => string | undefined): HostProbe {
  let done = false;
  let reason: string | undefined;
  let error: unknown;
  return {
    name,
    missing() {
      if (!done) {
        try {
          reason = check();
        } catch (e) {
          error = e instanceof HostProbeError ? e : new HostProbeError(`probe for ${name} failed: ${String(e)}`, { cause: e });
        }
        done = true;
      }
      if (error) throw error;
      return reason;
    },
  };
}
