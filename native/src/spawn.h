// Forking the keeper and the target (see keeper.cc for the process model).
#pragma once
#include <linux/filter.h>
#include <sys/types.h>

namespace sct {

struct SpawnSpec {
  const char* file;
  char* const* argv;
  char* const* envp;
  const char* cwd;
  int stdio[3];            // fds of this process, or -1 for /dev/null
  const sock_filter* filter;
  unsigned short filter_len;  // 0: no filter
  unsigned filter_flags;      // SECCOMP_FILTER_FLAG_*
  bool listener;              // filter_flags has NEW_LISTENER: send the fd up
};

// Forks the keeper from the calling (main) thread. Returns the keeper's pid and sets *ctl to the
// supervisor's end of the control socket, or returns -errno.
pid_t spawn_keeper(const SpawnSpec& spec, int* ctl);

// SIGKILLs every living descendant of root (walking /proc until none is left). Not reentrant.
void kill_descendants(pid_t root);

// Runs in the forked keeper; never returns.
[[noreturn]] void keeper_main(const SpawnSpec& spec, int ctl);

}  // namespace sct
