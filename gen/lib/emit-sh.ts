// Renders x86_64 syscall numbers as a POSIX shell file (vagrant/suites/lib/nr.sh) for the VM
// suites, which pass raw numbers to sct-ctl.

import type { SyscallTable } from '../../harness/src/tables/types.js';

export function nrShell(t: SyscallTable, generated: string): string {
  const rows = t.syscalls.map((s) => `NR_${s.name}=${s.nr}`).join('\n');
  return `${generated}# ${t.arch} syscall numbers, sourced by vagrant/suites/lib/kernel.sh.\n${rows}\n`;
}
