// Syscall numbers and kernel entry points per ABI, from the preprocessed uapi headers.

import { readFileSync } from 'node:fs';
import { macros, preprocess } from './cpp.js';
import { evaluate } from './expr.js';
import type { Sources } from './sources.js';

export interface RawSyscall {
  nr: number;
  name: string;
  /** The kernel function behind the number (`sys_newstat` for x86_64 `stat`), if known. */
  entry: string | undefined;
}

/** Macros that look like syscall numbers but are not syscalls. */
const NOT_SYSCALLS = new Set(['syscalls', 'arch_specific_syscall']);

function numbers(defs: Map<string, string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [macro, body] of defs) {
    if (!macro.startsWith('__NR_')) continue;
    const name = macro.slice('__NR_'.length);
    if (NOT_SYSCALLS.has(name)) continue;
    out.set(name, Number(evaluate(body, defs)));
  }
  return out;
}

function sorted(nums: Map<string, number>, entries: Map<number, string>): RawSyscall[] {
  return [...nums]
    .map(([name, nr]) => ({ nr, name, entry: entries.get(nr) }))
    .sort((a, b) => a.nr - b.nr || (a.name < b.name ? -1 : 1));
}

export function x86_64Syscalls(src: Sources): RawSyscall[] {
  const entries = new Map<number, string>();
  if (src.x86EntryH) {
    for (const m of readFileSync(src.x86EntryH, 'utf8').matchAll(/__SYSCALL\((\d+),\s*(\w+)\)/g)) {
      entries.set(Number(m[1]), m[2]!);
    }
  }
  return sorted(numbers(macros('x86_64', src, ['asm/unistd_64.h'])), entries);
}

export function i386Syscalls(src: Sources): RawSyscall[] {
  return sorted(numbers(macros('x86_64', src, ['asm/unistd_32.h'])), new Map());
}

export function aarch64Syscalls(src: Sources): RawSyscall[] {
  // asm-generic/unistd.h lists `__SYSCALL(__NR_x, sys_x)` rows (via __SC_3264/__SC_COMP, which pick
  // the 64-bit native entry here); defining __SYSCALL turns them into greppable text.
  const text = preprocess('aarch64', src, ['asm/unistd.h'], ['__SYSCALL(n,s)=SCT_SYSCALL n s']);
  const entries = new Map<number, string>();
  for (const m of text.matchAll(/SCT_SYSCALL (\d+) (\w+)/g)) entries.set(Number(m[1]), m[2]!);
  return sorted(numbers(macros('aarch64', src, ['asm/unistd.h'])), entries);
}

export function x32SyscallBit(src: Sources): number {
  const defs = macros('x86_64', src, ['asm/unistd.h']);
  return Number(evaluate(defs.get('__X32_SYSCALL_BIT') ?? 'missing', defs));
}
