// Kernel features the supervisor can use, probed once.
#pragma once

namespace sct {

struct Features {
  bool user_notif = false;         // SECCOMP_RET_USER_NOTIF + NEW_LISTENER (5.0)
  bool notif_continue = false;     // SECCOMP_USER_NOTIF_FLAG_CONTINUE (5.5)
  bool wait_killable_recv = false; // SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (5.19)
  bool pidfd_getfd = false;        // pidfd_getfd (5.6)
  bool ptrace_syscall_info = false;// PTRACE_GET_SYSCALL_INFO (5.3)
  bool process_vm_readv = false;   // (3.2)
  bool seccomp_filter = false;
  bool notif_sync_wakeup = false;  // SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (6.6)
  bool notif_addfd = false;        // SECCOMP_IOCTL_NOTIF_ADDFD (5.9): closes the path race of opens
  // The supervisor runs after-rules' write/pwrite64/read/pread64/fsync/fdatasync/ftruncate
  // itself (notif_exec.h): needs WAIT_KILLABLE_RECV (a signal must not cut the call off from its answer), thread pidfds (6.9)
  // for pidfd_getfd, and process_vm_readv. Faked missing, those rules go to ptrace as before.
  bool notif_exec = false;
};

// Test-only: SCT_FAKE_MISSING_FEATURE=user_notif,ptrace_syscall_info (names as above) makes the
// probe report those features as missing, so that the "kernel lacks X" paths can be tested.
// The running kernel's release (uname -r), for messages.
const char* kernel_release();

const Features& features();

}  // namespace sct
