#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks for syscalltrack, then the npm dependencies
# (`npm ci` also builds the TypeScript and the native addon, offline).
#
#   ci/install.sh            Debian packages (when root and missing) + npm ci
#   ci/install.sh --apt-only only the Debian packages
set -euo pipefail
cd "$(dirname "$0")/.."

# What each package is for:
#   g++ make python3            node-gyp builds native/ against this Node's own headers; python3 is
#                               also a real program the tests run (test/native/engine/real)
#   strace                      the benchmark compares against it; `sct trace` tests compare output
#   fiu-utils                   the benchmark compares against fiu-run
#   linux-libc-dev              syscall numbers, errnos, flags for x86_64 (gen/)
#   linux-libc-dev-arm64-cross  the aarch64 syscall table (gen/)
#   linux-headers-amd64         syscall prototypes with argument names and types (gen/)
#   manpages-dev                which errnos each syscall documents (gen/)
#   sqlite3                     tests on real programs (test/native/engine/real): -P on a database's fd
#                               and the `sct crash` scenarios on a real program (scenarios/crash-sqlite.ts)
#   liburing-dev                the io_uring test program (test/c/uring_write.c)
#   clang llvm                  `sct watch` (#18): compiles native/watch/bpf/*.bpf.c with -target bpf
#                               (llvm gives llvm-strip/llvm-objdump for the .bpf.o)
#   libbpf-dev                  `sct watch`: bpf_helpers.h/bpf_core_read.h for the BPF C, libbpf.so
#                               for the loader (linked dynamically: the .a is not -fPIC)
#   bpftool                     `sct watch`: vmlinux.h from /sys/kernel/btf/vmlinux, gen skeleton
packages=(g++ make python3 strace fiu-utils linux-libc-dev linux-libc-dev-arm64-cross linux-headers-amd64 manpages-dev
  sqlite3 liburing-dev clang llvm libbpf-dev bpftool)

bash ci/apt-install-missing.sh ci/install.sh "${packages[@]}"

[[ ${1:-} == --apt-only ]] && exit 0

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then
  echo "ci/install.sh: syscalltrack needs Node 20 or later, found $(node --version)" >&2
  exit 1
fi
npm ci --no-audit --no-fund
