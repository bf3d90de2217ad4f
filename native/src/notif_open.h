// Closing the time-of-check gap of path filters for open calls (issue #13): when the rules let an
// openat/open run whose path a filter read, the supervisor opens the path it checked itself and
// installs the fd in the target (SECCOMP_IOCTL_NOTIF_ADDFD), instead of letting the kernel read
// the target's buffer again. Only where the result is the same as the target's own open: absolute
// or AT_FDCWD-relative paths, the target's root and credentials equal to the supervisor's, no
// O_CREAT/O_TMPFILE (the umask and the new file's owner would be the supervisor's), not under
// /proc/self or /proc/thread-self (they would name the supervisor), not a FIFO (an open could
// block this thread). Everything else is let run as before, with the gap (docs/engine.md).
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>

namespace sct {

// path: the path argument as the filters saw it. Returns true when the notification has been
// answered (the fd installed, or the open's error); false: the caller lets the call run.
bool open_for_target(int listener, uint64_t id, pid_t tid, int nr, const uint64_t args[6], const std::string& path);

// The path argument's index for an open-family call the supervisor can perform, else -1.
int open_path_arg(bool compat, int nr);

}  // namespace sct
