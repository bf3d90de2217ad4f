// Trial counts and waits for slow machines. The VM suites run under TCG, where syscalls are
// 10-20x slower than on the host; they set SCT_SLOW_MACHINE (vagrant/suites/functional.sh).
//   unset or 0: the host's numbers; 1: the default factor (10); N > 1: factor N.
// A test keeps its assertions and scales only how often or how long it tries:
//   const TRIALS = trials(50);          // 50 on the host, 5 in the guest
//   it('...', async () => { ... }, waitMs(60_000));
const DEFAULT_FACTOR = 10;

function parseFactor(raw: string | undefined): number {
  if (raw === undefined || raw === '' || raw === '0') return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1) {
    throw new Error(`Expected \`SCT_SLOW_MACHINE\` to be 0, 1 or a factor > 1, got \`${raw}\``);
  }
  return n === 1 ? DEFAULT_FACTOR : n;
}

/** How many times slower than the host this machine is taken to be (1 on the host). */
export const slowFactor = parseFactor(process.env.SCT_SLOW_MACHINE);

/** An iteration or trial count, divided by the factor, never below `min`. */
export function trials(hostCount: number, min = 1): number {
  return Math.max(min, Math.round(hostCount / slowFactor));
}

/** A timeout or wait in milliseconds, multiplied by the factor. */
export function waitMs(hostMs: number): number {
  return hostMs * slowFactor;
}
