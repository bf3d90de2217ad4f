// See notif_open.h.
#include "notif_open.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "sct/tables.h"

namespace sct {
namespace {

#ifndef SECCOMP_ADDFD_FLAG_SEND
#define SECCOMP_ADDFD_FLAG_SEND (1UL << 1)
#endif

std::string cap_eff_of(const char* status) {
  const char* p = strstr(status, "\nCapEff:");
  if (!p) return "";
  p += 8;
  while (*p == '\t' || *p == ' ') p++;
  return std::string(p, strcspn(p, "\n"));
}

std::string cap_eff(const char* path) {
  char buf[4096];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return "";
  buf[n] = 0;
  return cap_eff_of(buf);
}

// Whether the target would open files with this thread's rights. Without root, one stat: the
// owner of /proc/TID is the task's effective uid and gid, and under NO_NEW_PRIVS a process cannot
// change its groups or gain capabilities, so they are still the supervisor's. As root, the target
// may have dropped ids, groups or capabilities: /proc/TID/status is compared (Uid, Gid, Groups,
// CapEff), which costs most of the added time per call.
bool same_credentials(pid_t tid) {
  char path[40], buf[4096];
  if (geteuid() != 0) {
    snprintf(path, sizeof path, "/proc/%d", (int)tid);
    struct stat st;
    return stat(path, &st) == 0 && st.st_uid == geteuid() && st.st_gid == getegid();
  }
  snprintf(path, sizeof path, "/proc/%d/status", (int)tid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return false;
  buf[n] = 0;
  auto ids = [&](const char* key, unsigned out[4]) {
    const char* p = strstr(buf, key);
    return p && sscanf(p + strlen(key), "%u %u %u %u", &out[0], &out[1], &out[2], &out[3]) == 4;
  };
  unsigned u[4], g[4];
  if (!ids("\nUid:", u) || !ids("\nGid:", g)) return false;
  if (u[3] != geteuid() || g[3] != getegid()) return false;  // fsuid/fsgid follow the effective ids
  static const std::string ours = cap_eff("/proc/self/status");
  if (ours.empty() || cap_eff_of(buf) != ours) return false;
  const char* gp = strstr(buf, "\nGroups:");
  if (!gp) return false;
  gp += 8;
  std::vector<gid_t> theirs;
  for (char* end; ; gp = end) {
    unsigned long v = strtoul(gp, &end, 10);
    if (end == gp) break;
    theirs.push_back((gid_t)v);
  }
  gid_t mine[256];
  int m = getgroups(256, mine);
  if (m < 0 || (size_t)m != theirs.size()) return false;
  for (int i = 0; i < m; i++)
    if (mine[i] != theirs[i]) return false;
  return true;
}

bool same_root(pid_t tid) {
  static struct stat ours;
  static bool have = stat("/", &ours) == 0;
  char path[40];
  snprintf(path, sizeof path, "/proc/%d/root", (int)tid);
  struct stat theirs;
  return have && stat(path, &theirs) == 0 && theirs.st_dev == ours.st_dev && theirs.st_ino == ours.st_ino;
}

bool names_self(const std::string& p) {
  return p.rfind("/proc/self", 0) == 0 || p.rfind("/proc/thread-self", 0) == 0;
}

void answer_error(int listener, uint64_t id, int err) {
  seccomp_notif_resp r{};
  r.id = id;
  r.error = -err;
  while (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &r) < 0 && errno == EINTR) {
  }
}

}  // namespace

int open_path_arg(bool compat, int nr) {
  if (compat) return -1;
#if defined(__x86_64__)
  if (nr == SCT_X86_64_NR_openat) return 1;
  if (nr == SCT_X86_64_NR_open) return 0;
#elif defined(__aarch64__)
  if (nr == SCT_AARCH64_NR_openat) return 1;
#endif
  return -1;
}

bool open_for_target(int listener, uint64_t id, pid_t tid, int nr, const uint64_t args[6], const std::string& path) {
  int parg = open_path_arg(false, nr);
  if (parg < 0 || path.empty() || path.find('\0') != std::string::npos) return false;
  int dirfd = parg == 1 ? (int)args[0] : AT_FDCWD;
  int flags = (int)args[parg + 1];
  bool absolute = path[0] == '/';
  if (!absolute && dirfd != AT_FDCWD) return false;  // a dirfd of the target: the gap stays
  if (flags & (O_CREAT | O_TMPFILE)) return false;
  if (names_self(path)) return false;
  if (!same_root(tid) || !same_credentials(tid)) return false;

  int base = AT_FDCWD;
  if (!absolute) {
    char cwd[40];
    snprintf(cwd, sizeof cwd, "/proc/%d/cwd", (int)tid);
    base = open(cwd, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (base < 0) return false;
  }
  // First without opening the file itself (no side effect, never blocks), to see what it is.
  int pfd = openat(base, path.c_str(), O_PATH | O_CLOEXEC | (flags & (O_NOFOLLOW | O_DIRECTORY)));
  int err = errno;
  if (base >= 0) close(base);
  if (pfd < 0) {
    answer_error(listener, id, err);
    return true;
  }
  struct stat st;
  if (fstat(pfd, &st) < 0 || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
    close(pfd);
    return false;
  }
  if (S_ISLNK(st.st_mode)) {  // O_NOFOLLOW on a symlink
    close(pfd);
    answer_error(listener, id, ELOOP);
    return true;
  }
  // Reopen that very inode (the magic link does not resolve the path again) with the real flags.
  char self[40];
  snprintf(self, sizeof self, "/proc/self/fd/%d", pfd);
  int fd = open(self, (flags & ~(O_NOFOLLOW | O_CLOEXEC)) | O_CLOEXEC | O_NOCTTY);
  err = errno;
  close(pfd);
  if (fd < 0) {
    answer_error(listener, id, err);
    return true;
  }
  seccomp_notif_addfd a{};
  a.id = id;
  a.flags = SECCOMP_ADDFD_FLAG_SEND;
  a.srcfd = (uint32_t)fd;
  a.newfd_flags = (uint32_t)(flags & O_CLOEXEC);
  int r;
  do r = ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
  while (r < 0 && errno == EINTR);
  if (r < 0 && errno == EINVAL) {  // no ADDFD_FLAG_SEND (before 5.14): add, then answer with the fd
    a.flags = 0;
    r = ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
    if (r >= 0) {
      seccomp_notif_resp resp{};
      resp.id = id;
      resp.val = r;
      ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
    }
  }
  close(fd);
  // ENOENT: the target is gone, or the call was interrupted; nothing to answer any more.
  return r >= 0 || errno == ENOENT;
}

}  // namespace sct
