// CPU pinning for worker processes. A worker started under `taskset -c N` keeps every thread it
// will have on CPU N, and so do the keeper, the target and the supervisor threads it creates:
// they share one CPU instead of waking each other across CPUs (about 60 µs a wake-up on this
// project's 2-vCPU VM, docs/explore.md "Workers"). Without util-linux's taskset, workers run
// unpinned.

import { existsSync, readFileSync } from 'node:fs';

const TASKSET = ['/usr/bin/taskset', '/bin/taskset'];

/** This process's Cpus_allowed_list (`0-1`), or '' where /proc says nothing. */
export function allowedCpus(): string {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '';
  } catch {
    return '';
  }
}

/** The CPUs of a list such as `0-3,6`, in order. */
export function parseCpuList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    for (let c = Number(m[1]); c <= Number(m[2] ?? m[1]); c++) out.push(c);
  }
  return out;
}

/** The CPU worker `i` is pinned to: the allowed CPUs in turn. */
export function cpuFor(i: number, cpus: readonly number[]): number | undefined {
  return cpus.length === 0 ? undefined : cpus[i % cpus.length];
}

/** How to start a program on `cpu`: taskset's path and its arguments before the program, if there is a taskset. */
export function pinnedLauncher(cpu: number | undefined): { execPath: string; args: string[] } | undefined {
  if (cpu === undefined) return undefined;
  const taskset = TASKSET.find((p) => existsSync(p));
  return taskset ? { execPath: taskset, args: ['-c', String(cpu)] } : undefined;
}
