// Whether this process may load and attach BPF tracing programs: root's capabilities, or
// CAP_BPF with CAP_PERFMON (kernel 5.8+), or CAP_SYS_ADMIN. Read from /proc/self/status (CapEff).
import { readFileSync } from 'node:fs';

const CAP_SYS_ADMIN = 21n;
const CAP_PERFMON = 38n;
const CAP_BPF = 39n;

/** CapEff of /proc/self/status, or undefined when it cannot be read. */
export function effectiveCaps(status: string = readFileSync('/proc/self/status', 'utf8')): bigint | undefined {
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
  return m ? BigInt(`0x${m[1]}`) : undefined;
}

export function canLoadBpf(caps: bigint | undefined = effectiveCaps()): boolean {
  if (caps === undefined) return false;
  const has = (c: bigint): boolean => ((caps >> c) & 1n) === 1n;
  return has(CAP_SYS_ADMIN) || (has(CAP_BPF) && has(CAP_PERFMON));
}
