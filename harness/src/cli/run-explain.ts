// `sct run --explain`: where each rule runs and why, and what the BPF filter answers for each
// syscall the rules name (run through the BPF interpreter, nothing is launched).

import { AUDIT_ARCH, getTable, i386SyscallNr, type Arch } from '../tables/index.js';
import { formatSummary, runBpf, seccompAction, type CompiledRules } from '../engine/compile/index.js';
import { errnoName } from '../tables/index.js';

function describe(ret: number): string {
  const { action, data } = seccompAction(ret);
  if (action === 'errno') return `ERRNO(${errnoName(data) ?? data})`;
  return action.toUpperCase();
}

export function explain(compiled: CompiledRules, arch: Arch): string[] {
  const table = getTable(arch);
  const lines = [...formatSummary(compiled.summary)];
  lines.push(`filter: ${compiled.bpf.length / 8} BPF instructions; supervisor: ${compiled.rules.length} rule(s)${compiled.needsNotify ? ', user notification' : ''}${compiled.needsPtrace ? ', ptrace' : ''}`);
  const named = new Map<number, string>();
  for (const s of compiled.summary) for (const p of s.syscalls) named.set(p.nr, p.syscall);
  for (const [nr, name] of [...named].sort((a, b) => a[0] - b[0])) {
    const native = describe(runBpf(compiled.bpf, { arch: table.auditArch, nr }).ret);
    const cnr = arch === 'x86_64' ? i386SyscallNr(name) : undefined;
    const compat = cnr === undefined ? '' : `, i386 #${cnr}: ${describe(runBpf(compiled.bpf, { arch: AUDIT_ARCH.I386, nr: cnr }).ret)}`;
    lines.push(`  ${name} (#${nr}): ${native} with all-zero arguments${compat}`);
  }
  lines.push(...compiled.notes);
  return lines;
}
