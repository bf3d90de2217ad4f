// After-rules without ptrace (issue #16): for write, pwrite64, read, pread64, fsync, fdatasync and
// ftruncate the supervisor runs the call itself on the target's own file description
// (pidfd_getfd; a write's buffer read with process_vm_readv, a read's written with
// process_vm_writev) and answers the notification with the real result, or with what an after-rule
// makes of it: one notification instead of two ptrace stops. Only where the outcome is the one the
// target would have had: a regular file (no set-id bits to strip, no O_DIRECT, no RLIMIT_FSIZE on
// either side, the target's capabilities equal to the supervisor's), a block device, or a
// /dev/null-like memory device, the whole buffer readable and at most kMaxExecBytes. Any other call (a pipe,
// a socket, a tty, which may block or raise SIGPIPE) is bounced to the ptrace path, see bounce().
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <unordered_map>

namespace sct {

// The value of the call's unused 6th argument register (r9) that makes the BPF filter return
// SECCOMP_RET_TRACE instead of USER_NOTIF for these calls. Mirrors BOUNCE_MARKER in
// harness/src/engine/compile/bpf-format.ts.
constexpr uint64_t kBounceMarker = 0x5c7b0a2ce1f0d9e3ull;
constexpr size_t kMaxExecBytes = 1u << 20;

// Whether nr is one of the calls the supervisor can run for the target (x86_64 numbers).
bool exec_call(bool compat, int nr);

// Thread pidfds of the callers, kept between calls (one pidfd_open and one close less per call).
// A pidfd names its thread for good: once that thread has exited, pidfd_getfd on it fails with
// ESRCH, even when the tid is reused, and the entry is opened again. Owned by one notify thread.
class PidfdCache {
 public:
  ~PidfdCache() { clear(); }
  // The pidfd of tid; fresh: open a new one even if one is cached. -1 when it cannot be opened.
  int get(pid_t tid, bool fresh = false);
  void clear();

 private:
  static constexpr size_t kMax = 256;  // more callers than this: start over
  std::unordered_map<pid_t, int> fds_;
};

// Runs the call for the target. Returns true with *ret = the call's result (negative errno on
// failure) when it ran; false when it must not run here (nothing happened: bounce it).
bool exec_for_target(PidfdCache& pidfds, int listener, uint64_t id, pid_t tid, int nr, const uint64_t args[6], int64_t* ret);

// Sends the call to the ptrace path: the tracer suppresses this thread-directed SIGSTOP and sets
// r9 to kBounceMarker; the caller then answers -ERESTARTNOINTR, so the call is re-executed and
// the filter routes it to the tracer, which restores r9 and applies the after-rules at its exit.
void bounce(pid_t tgid, pid_t tid);

}  // namespace sct
