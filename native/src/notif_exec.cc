// See notif_exec.h.
#include "notif_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "proc_mem.h"
#include "sct/tables.h"

namespace sct {
namespace {

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

bool caps_of(pid_t pid, uint32_t out[2]) {
  __user_cap_header_struct h{_LINUX_CAPABILITY_VERSION_3, pid};
  __user_cap_data_struct d[2]{};
  if (syscall(SYS_capget, &h, d) < 0) return false;
  out[0] = d[0].effective;
  out[1] = d[1].effective;
  return true;
}

// Write-side privileges the kernel checks against the writer: CAP_FSETID (keeping set-id bits),
// CAP_SYS_RESOURCE (quota, reserved blocks). Equal effective sets: the same outcome.
bool same_caps(pid_t tid) {
  static uint32_t ours[2];
  static bool have = caps_of(0, ours);
  uint32_t theirs[2];
  return have && caps_of(tid, theirs) && theirs[0] == ours[0] && theirs[1] == ours[1];
}

// RLIMIT_FSIZE: a file-size limit would raise SIGXFSZ in the supervisor, not in the target.
bool no_fsize_limit(pid_t tid) {
  rlimit mine{}, theirs{};
  return getrlimit(RLIMIT_FSIZE, &mine) == 0 && mine.rlim_cur == RLIM_INFINITY &&
         syscall(SYS_prlimit64, tid, RLIMIT_FSIZE, nullptr, &theirs) == 0 && theirs.rlim_cur == RLIM_INFINITY;
}

// File kinds whose calls never block for long and cannot raise a signal. Writes: any mem device;
// reads: null, zero, full, random and urandom only (/dev/kmsg, also major 1, blocks a reader).
bool safe_kind(const struct stat& st, bool reads) {
  if (S_ISREG(st.st_mode)) return !(st.st_mode & S_ISUID) && (st.st_mode & (S_ISGID | S_IXGRP)) != (S_ISGID | S_IXGRP);
  if (S_ISBLK(st.st_mode)) return true;
  if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != 1) return false;
  unsigned mi = minor(st.st_rdev);
  return !reads || mi == 3 || mi == 5 || mi == 7 || mi == 8 || mi == 9;
}

// The target's fd as a file description of ours, through its thread's cached pidfd.
int target_fd(PidfdCache& pidfds, pid_t tid, int fd) {
  int pidfd = pidfds.get(tid);
  if (pidfd < 0) return -1;
  int ours = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
  // ESRCH: the cached pidfd is of a thread that has exited (its tid may be in use again).
  if (ours < 0 && errno == ESRCH && (pidfd = pidfds.get(tid, true)) >= 0) ours = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
  return ours;
}

// A read's bytes into the target's buffer, with the target's own page protections: only
// process_vm_writev (proc_mem.h's write_bytes falls back to /proc/PID/mem, which writes through
// read-only mappings, where the kernel's own read would fail with EFAULT).
bool write_as_target(pid_t tid, uint64_t addr, const void* data, size_t len) {
  iovec local{const_cast<void*>(data), len};
  iovec remote{reinterpret_cast<void*>(addr), len};
  return process_vm_writev(tid, &local, 1, &remote, 1, 0) == (ssize_t)len;
}

}  // namespace

int PidfdCache::get(pid_t tid, bool fresh) {
  auto it = fds_.find(tid);
  if (it != fds_.end()) {
    if (!fresh) return it->second;
    close(it->second);
    fds_.erase(it);
  }
  if (fds_.size() >= kMax) clear();
  int fd = (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD);
  if (fd >= 0) fds_[tid] = fd;
  return fd;
}

void PidfdCache::clear() {
  for (auto& e : fds_) close(e.second);
  fds_.clear();
}

bool exec_call(bool compat, int nr) {
#if defined(__x86_64__)
  return !compat && (nr == SCT_X86_64_NR_write || nr == SCT_X86_64_NR_pwrite64 || nr == SCT_X86_64_NR_fsync ||
                     nr == SCT_X86_64_NR_fdatasync || nr == SCT_X86_64_NR_read || nr == SCT_X86_64_NR_pread64 ||
                     nr == SCT_X86_64_NR_ftruncate);
#else
  (void)compat;
  (void)nr;
  return false;
#endif
}

bool exec_for_target(PidfdCache& pidfds, int listener, uint64_t id, pid_t tid, int nr, const uint64_t args[6], int64_t* ret) {
  if ((int64_t)args[0] < 0 || args[0] > INT32_MAX) return false;
  Fd fd;
  fd.fd = target_fd(pidfds, tid, (int)args[0]);
  if (fd.fd < 0) return false;  // EBADF, or not allowed: ptrace tells the target's own result
  struct stat st;
  int fl = fcntl(fd.fd, F_GETFL);
  bool reads = nr == SCT_X86_64_NR_read || nr == SCT_X86_64_NR_pread64;
  if (fl < 0 || (fl & (O_PATH | O_DIRECT)) || fstat(fd.fd, &st) < 0 || !safe_kind(st, reads)) return false;
  if (nr == SCT_X86_64_NR_ftruncate && !S_ISREG(st.st_mode)) return false;
  // The writer's limit and capabilities decide only for regular files (size limit, set-id bits,
  // quota and reserved blocks); a block or mem device's write does not look at them.
  if (S_ISREG(st.st_mode) && (!no_fsize_limit(tid) || !same_caps(tid))) return false;
  bool writes = nr == SCT_X86_64_NR_write || nr == SCT_X86_64_NR_pwrite64;
  std::string buf;
  if (writes || reads) {
    if (args[2] > kMaxExecBytes) return false;
    // A partly unmapped buffer: the kernel's own write would stop at the fault; ptrace does that.
    if (writes && args[2] && !read_bytes(tid, args[1], (size_t)args[2], &buf)) return false;
  }
  // The reads may have been of another process if the caller died and its pid was reused.
  uint64_t vid = id;
  if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &vid) < 0) return false;
  ssize_t r;
  if (nr == SCT_X86_64_NR_write) r = write(fd.fd, buf.data(), buf.size());
  else if (nr == SCT_X86_64_NR_pwrite64) r = pwrite(fd.fd, buf.data(), buf.size(), (off_t)args[3]);
  else if (nr == SCT_X86_64_NR_fsync) r = fsync(fd.fd);
  else if (nr == SCT_X86_64_NR_fdatasync) r = fdatasync(fd.fd);
  else if (nr == SCT_X86_64_NR_ftruncate) r = ftruncate(fd.fd, (off_t)args[1]);
  else {
    buf.resize((size_t)args[2]);
    r = nr == SCT_X86_64_NR_read ? read(fd.fd, &buf[0], buf.size()) : pread(fd.fd, &buf[0], buf.size(), (off_t)args[3]);
    if (r > 0 && !write_as_target(tid, args[1], buf.data(), (size_t)r)) {
      // The target's buffer is not (all) writable: its own read stops at the fault. Give the
      // offset back and let the kernel run the call in the target (bounce).
      if (nr == SCT_X86_64_NR_read) lseek(fd.fd, -(off_t)r, SEEK_CUR);
      return false;
    }
  }
  *ret = r < 0 ? -(int64_t)errno : (int64_t)r;
  return true;
}

void bounce(pid_t tgid, pid_t tid) { syscall(SYS_tgkill, tgid, tid, SIGSTOP); }

}  // namespace sct
