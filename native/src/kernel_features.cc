// Each probe runs in a throwaway child so that no filter or tracer ever touches Node itself.
#include "kernel_features.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include "seccomp_compat.h"

namespace sct {
namespace {

// In a child: install an allow-all filter with the given flags; exit 0 when accepted.
bool probe_filter_flags(unsigned flags) {
  pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);  // no atfork handlers
  if (pid == 0) {
    sock_filter allow[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    sock_fprog prog{1, allow};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) _exit(2);
    long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
    _exit(fd < 0 ? 1 : 0);
  }
  if (pid < 0) return false;
  int st;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

// In a child: a listener, then SECCOMP_IOCTL_NOTIF_SET_FLAGS(SYNC_WAKE_UP) on it.
bool probe_sync_wakeup() {
  pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  if (pid == 0) {
    sock_filter allow[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    sock_fprog prog{1, allow};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) _exit(2);
    long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
    if (fd < 0) _exit(1);
    _exit(ioctl((int)fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == 0 ? 0 : 1);
  }
  if (pid < 0) return false;
  int st;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

bool faked_missing(const char* name) {
  const char* env = getenv("SCT_FAKE_MISSING_FEATURE");
  if (!env) return false;
  std::string list = std::string(",") + env + ",";
  return list.find(std::string(",") + name + ",") != std::string::npos;
}

// A stopped child we trace from this thread, for PTRACE_GET_SYSCALL_INFO.
bool probe_syscall_info() {
  pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);  // no atfork handlers
  if (pid == 0) {
    kill(getpid(), SIGSTOP);
    _exit(0);
  }
  if (pid < 0) return false;
  bool ok = false;
  int st;
  if (ptrace(PTRACE_SEIZE, pid, 0, 0) == 0) {
    ptrace(PTRACE_INTERRUPT, pid, 0, 0);
    if (waitpid(pid, &st, __WALL) == pid && WIFSTOPPED(st)) {
      __ptrace_syscall_info info;
      long n = ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof info, &info);
      ok = n > 0;
    }
  }
  kill(pid, SIGKILL);
  while (waitpid(pid, &st, __WALL) < 0 && errno == EINTR) {
  }
  return ok;
}

Features probe() {
  Features f;
  f.seccomp_filter = probe_filter_flags(0);
  f.user_notif = probe_filter_flags(SECCOMP_FILTER_FLAG_NEW_LISTENER);
  f.wait_killable_recv = f.user_notif && probe_filter_flags(SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
  long pfd = syscall(SYS_pidfd_open, getpid(), 0);
  if (pfd >= 0) {
    long r = syscall(SYS_pidfd_getfd, pfd, 0, 0);
    f.pidfd_getfd = r >= 0;
    if (r >= 0) close((int)r);
    close((int)pfd);
  }
  // FLAG_CONTINUE (5.5) has no probe short of a live notification; pidfd_getfd came later (5.6).
  f.notif_continue = f.user_notif && f.pidfd_getfd;
  f.ptrace_syscall_info = probe_syscall_info();
  char a = 1, b = 0;
  iovec l{&b, 1}, r{&a, 1};
  f.process_vm_readv = process_vm_readv(getpid(), &l, 1, &r, 1, 0) == 1 && b == 1;
  f.notif_sync_wakeup = f.user_notif && probe_sync_wakeup();
  // ADDFD (5.9) has no probe short of a live notification; close_range came in the same release
  // (an empty range at the top closes nothing).
  f.notif_addfd = f.user_notif && syscall(SYS_close_range, ~0U, ~0U, 0) == 0;
  long tpfd = syscall(SYS_pidfd_open, gettid(), O_EXCL /* PIDFD_THREAD */);
  if (tpfd >= 0) close((int)tpfd);
  f.notif_exec = f.user_notif && f.wait_killable_recv && f.pidfd_getfd && f.process_vm_readv && f.ptrace_syscall_info && tpfd >= 0;
  struct {
    const char* name;
    bool* flag;
  } names[] = {{"seccomp_filter", &f.seccomp_filter}, {"user_notif", &f.user_notif}, {"notif_continue", &f.notif_continue},
               {"wait_killable_recv", &f.wait_killable_recv}, {"pidfd_getfd", &f.pidfd_getfd},
               {"ptrace_syscall_info", &f.ptrace_syscall_info}, {"process_vm_readv", &f.process_vm_readv},
               {"notif_sync_wakeup", &f.notif_sync_wakeup}, {"notif_addfd", &f.notif_addfd}, {"notif_exec", &f.notif_exec}};
  for (auto& n : names)
    if (faked_missing(n.name)) *n.flag = false;
  f.notif_exec = f.notif_exec && f.user_notif && f.wait_killable_recv && f.pidfd_getfd && f.process_vm_readv && f.ptrace_syscall_info;
  return f;
}

}  // namespace

const char* kernel_release() {
  static std::once_flag once;
  static char rel[65] = "unknown";
  std::call_once(once, [] {
    utsname u;
    if (uname(&u) == 0) {
      snprintf(rel, sizeof rel, "%s", u.release);
    }
  });
  return rel;
}

const Features& features() {
  static std::once_flag once;
  static Features f;
  std::call_once(once, [] { f = probe(); });
  return f;
}

}  // namespace sct
