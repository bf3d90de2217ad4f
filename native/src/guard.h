// The keeper's guard: a second seccomp filter, stacked on the rules' filter in the target, that
// refuses (EPERM) the calls a process of the tree could use to end its own supervision by
// signalling the keeper (issue #13): kill/tkill/tgkill/rt_(tg)sigqueueinfo of the keeper's pid (or
// its process group), pidfd_open of it, prlimit64 of it (RLIMIT_CPU would kill it). Built in
// the keeper once its pid is known; raw work only (it runs in a fork of a threaded process).
#pragma once
#include <linux/filter.h>
#include <sys/types.h>

namespace sct {

constexpr int kGuardMaxInsns = 160;

// Writes the filter into out[kGuardMaxInsns]; returns the number of instructions.
int build_guard(pid_t keeper, sock_filter* out);

}  // namespace sct
