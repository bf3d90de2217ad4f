// The BPF skeleton that the sct_watch addon compiles in (native/watch/build-bpf/watch.skel.h):
// made by native/watch/Makefile with clang, llvm-strip and bpftool from the running kernel's BTF.
// Returns undefined when it is there, else why it cannot be made (build.mjs then skips the addon).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const TOOLS = [
  ['clang', 'clang'],
  ['llvm-strip', 'llvm'],
  ['bpftool', 'bpftool'],
];

function onPath(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

export function buildSkeleton(dir) {
  const missing = TOOLS.filter(([tool]) => !onPath(tool));
  if (!existsSync('/usr/include/bpf/libbpf.h')) missing.push(['libbpf.h', 'libbpf-dev']);
  if (missing.length) {
    return `no ${missing.map(([t]) => t).join(', ')} to build its BPF programs (apt install ${[...new Set(missing.map(([, p]) => p))].join(' ')}); the prebuilt in native/watch/prebuilds is used as it is`;
  }
  if (!existsSync('/sys/kernel/btf/vmlinux')) return 'this kernel has no BTF (/sys/kernel/btf/vmlinux) to generate vmlinux.h from';
  const r = spawnSync('make', ['-C', dir, 'skel'], { stdio: 'inherit' });
  return r.status === 0 ? undefined : `make -C ${dir} skel failed (exit ${r.status})`;
}
