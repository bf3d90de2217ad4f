// For the tests of native/watch (vitest project `watch`): why they cannot run here, or undefined.
// A host without root, the BPF build tools or the kernel's BTF skips, saying which; with all of
// them there, a failing build is an error of the project, and fails the test file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/src/paths.js';

export const WATCH_DIR = join(packageRoot(), 'native/watch');

const TOOLS = [['clang', 'clang'], ['llvm-strip', 'llvm'], ['bpftool', 'bpftool'], ['make', 'make'], ['gcc', 'gcc']];

/** Root, the tools, then `make -C native/watch <target>` (its output dir is build-bpf/). */
export function watchUnavailable(target: string): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (loads BPF programs)';
  for (const [tool, pkg] of TOOLS) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `needs ${tool} (Debian package ${pkg}; ci/install.sh installs it)`;
  }
  if (!existsSync('/usr/include/bpf/libbpf.h')) return 'needs the libbpf headers (Debian package libbpf-dev)';
  if (!existsSync('/sys/kernel/btf/vmlinux')) return 'needs the running kernel\'s BTF (/sys/kernel/btf/vmlinux)';
  const make = spawnSync('make', ['-s', '-C', WATCH_DIR, target], { encoding: 'utf8' });
  if (make.status !== 0) throw new Error(`make -C native/watch ${target} failed: ${make.stderr.trim()}`);
  return undefined;
}

/** FAIL attaches cgroup socket hooks to the cgroup2 root: why a host cannot, or undefined. */
export function noCgroup2(): string | undefined {
  const mounted = readFileSync('/proc/self/mounts', 'utf8').split('\n').some((l) => l.split(' ')[2] === 'cgroup2');
  return mounted ? undefined : 'no cgroup2 mount in /proc/self/mounts (the FAIL hooks attach to its root)';
}
