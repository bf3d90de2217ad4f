// The keeper and the target, forked from Node's main thread. Only async-signal-safe work here:
// raw syscalls, no allocation, no locks (the other threads of Node do not exist in a fork).
//
//   Node (supervisor) --ctl socket--> keeper --tsock--> target
//
// The keeper is a child subreaper. It holds a copy of the seccomp listener so that a pending or
// later notification never turns into ENOSYS, reports every reaped process to the supervisor, and
// when the supervisor's end of ctl closes (supervisor died, even by SIGKILL), or on kKill, or once
// the target has exited, it SIGKILLs every descendant (walking /proc until none is left).
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

#include "guard.h"
#include "keeper_protocol.h"
#include "spawn.h"

namespace sct {
void kill_descendants(pid_t root);
namespace {

void send_msg(int fd, int32_t type, int32_t pid, int32_t value, int pass_fd = -1) {
  KeeperMsg m{type, pid, value, 0};
  iovec iov{&m, sizeof m};
  msghdr mh{};
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  alignas(cmsghdr) char cbuf[CMSG_SPACE(sizeof(int))];
  if (pass_fd >= 0) {
    memset(cbuf, 0, sizeof cbuf);
    mh.msg_control = cbuf;
    mh.msg_controllen = sizeof cbuf;
    cmsghdr* c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
  }
  while (sendmsg(fd, &mh, MSG_NOSIGNAL) < 0 && errno == EINTR) {
  }
}

void reset_signals(bool ignore_terminal) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  for (int s = 1; s < NSIG; s++) {
    if (s == SIGKILL || s == SIGSTOP) continue;
    bool ign = ignore_terminal && (s == SIGINT || s == SIGQUIT || s == SIGHUP || s == SIGTERM || s == SIGPIPE ||
                                   s == SIGTSTP || s == SIGTTIN || s == SIGTTOU);
    sa.sa_handler = ign ? SIG_IGN : SIG_DFL;
    sigaction(s, &sa, nullptr);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

// pid -> ppid of every process, from /proc/N/stat.
constexpr int kMaxProcs = 65536;
pid_t g_pid[kMaxProcs], g_ppid[kMaxProcs];

int scan_procs() {
  int dir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return 0;
  int n = 0;
  char buf[4096];
  for (;;) {
    long got = syscall(SYS_getdents64, dir, buf, sizeof buf);
    if (got <= 0) break;
    for (long off = 0; off < got;) {
      auto* d = reinterpret_cast<struct dirent64*>(buf + off);
      off += d->d_reclen;
      pid_t pid = 0;
      const char* s = d->d_name;
      if (*s < '1' || *s > '9') continue;
      for (; *s >= '0' && *s <= '9'; s++) pid = pid * 10 + (*s - '0');
      if (*s || n >= kMaxProcs) continue;
      char path[32] = "/proc/", stat[512];
      int l = 6;
      char tmp[12];
      int t = 0;
      for (pid_t v = pid; v; v /= 10) tmp[t++] = (char)('0' + v % 10);
      while (t) path[l++] = tmp[--t];
      memcpy(path + l, "/stat", 6);
      int fd = open(path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      ssize_t r = read(fd, stat, sizeof stat - 1);
      close(fd);
      if (r <= 0) continue;
      stat[r] = 0;
      char* p = nullptr;
      for (char* q = stat; *q; q++)
        if (*q == ')') p = q;
      if (!p || !p[1] || !p[2] || !p[3]) continue;
      if (p[2] == 'Z' || p[2] == 'X') continue;  // dead already; only waiting to be reaped
      p += 4;  // ") S "
      pid_t pp = 0;
      for (; *p >= '0' && *p <= '9'; p++) pp = pp * 10 + (*p - '0');
      g_pid[n] = pid;
      g_ppid[n] = pp;
      n++;
    }
  }
  close(dir);
  return n;
}

bool descends_from(pid_t pid, pid_t root, int n) {
  for (int depth = 0; depth < 128 && pid > 1; depth++) {
    pid_t parent = -1;
    for (int i = 0; i < n; i++)
      if (g_pid[i] == pid) {
        parent = g_ppid[i];
        break;
      }
    if (parent == root) return true;
    if (parent <= 1) return false;
    pid = parent;
  }
  return false;
}

void kill_tree() { kill_descendants(getpid()); }

int dup_high(int fd) { return fcntl(fd, F_DUPFD_CLOEXEC, 10); }

// fork() without glibc's atfork handlers: Node's (or a library's) handlers must not run in a child
// of a multi-threaded process. Only raw work follows in the child (no TID-caching glibc calls).
pid_t raw_fork() { return (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0); }

[[noreturn]] void target_main(const SpawnSpec& spec, int ts, pid_t keeper, pid_t pgrp, const sock_filter* guard, int guard_len) {
  reset_signals(false);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != keeper) _exit(127);
  // Back into sct's process group (job control and the terminal's signals as before); the keeper
  // stays alone in its own, out of reach of the target's kill(0, ...).
  setpgid(0, pgrp);
  for (int i = 0; i < 3; i++) {
    fcntl(i, F_SETFD, 0);
    int fl = fcntl(i, F_GETFL);
    if (fl >= 0 && (fl & O_NONBLOCK)) fcntl(i, F_SETFL, fl & ~O_NONBLOCK);
  }
  if (spec.cwd && spec.cwd[0] && chdir(spec.cwd) < 0) {
    send_msg(ts, K_SETUP, STEP_CHDIR, errno);
    _exit(127);
  }
  if (spec.filter_len && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
    send_msg(ts, K_SETUP, STEP_NO_NEW_PRIVS, errno);
    _exit(127);
  }
  // Wait for the go-ahead (the tracer seizes us meanwhile), and only then install the filter, so
  // that none of this setup is itself filtered.
  char c = 0;
  ssize_t r;
  do r = read(ts, &c, 1);
  while (r < 0 && errno == EINTR);
  if (r != 1 || c != kGo) _exit(127);
  if (spec.filter_len && guard_len) {
    // First, so that installing the rules' filter is not itself subject to it.
    sock_fprog g{(unsigned short)guard_len, const_cast<sock_filter*>(guard)};
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &g) < 0) {
      send_msg(ts, K_SETUP, STEP_SECCOMP, errno);
      _exit(127);
    }
  }
  if (spec.filter_len) {
    sock_fprog prog{spec.filter_len, const_cast<sock_filter*>(spec.filter)};
    long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, spec.filter_flags, &prog);
    if (fd < 0) {
      send_msg(ts, K_SETUP, STEP_SECCOMP, errno);
      _exit(127);
    }
    if (spec.listener) {
      send_msg(ts, K_LISTENER, 0, 0, (int)fd);
      close((int)fd);
    }
  }
  execve(spec.file, spec.argv, spec.envp);
  send_msg(ts, K_EXEC, 0, errno);
  _exit(127);
}

}  // namespace

// SIGKILLs every descendant of root, rescanning until a scan finds none (catches forks in
// between). Not reentrant (one static table): the keeper is single-threaded, and Node's callers
// hold a lock (session.cc).
void kill_descendants(pid_t root) {
  for (int round = 0; round < 1000; round++) {
    int n = scan_procs(), found = 0;
    for (int i = 0; i < n; i++)
      if (descends_from(g_pid[i], root, n)) {
        kill(g_pid[i], SIGKILL);
        found++;
      }
    if (!found) return;
    timespec ts{0, 1000000};
    nanosleep(&ts, nullptr);
  }
}

pid_t spawn_keeper(const SpawnSpec& spec, int* ctl) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return -errno;
  pid_t pid = raw_fork();
  if (pid < 0) {
    int e = errno;
    close(sv[0]);
    close(sv[1]);
    return -e;
  }
  if (pid == 0) keeper_main(spec, sv[1]);
  close(sv[1]);
  *ctl = sv[0];
  return pid;
}

[[noreturn]] void keeper_main(const SpawnSpec& spec, int ctl_in) {
  reset_signals(true);
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  // A process group of its own: a target's kill(0, SIGKILL) reaches sct's group, not the keeper,
  // which then kills what is left of the tree (issue #13).
  pid_t sct_pgrp = getpgrp();
  setpgid(0, 0);
  // The name `sct resume` looks for in a suspended process's ancestry (harness/src/engine/resume.ts).
  prctl(PR_SET_NAME, "sct-keeper", 0, 0, 0);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, nullptr);

  // Keep only what we need, at fds >= 10, then give the target's stdio fds 0-2. Every other fd of
  // Node (including other supervisors' control sockets) is closed, so no EOF is ever held up.
  int keep[5];
  keep[0] = dup_high(ctl_in);
  keep[1] = signalfd(-1, &chld, SFD_CLOEXEC);
  keep[1] = keep[1] >= 0 ? dup_high(keep[1]) : -1;
  for (int i = 0; i < 3; i++)
    keep[2 + i] = spec.stdio[i] >= 0 ? dup_high(spec.stdio[i]) : open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int i = 2; i < 5; i++)
    if (keep[i] >= 0 && keep[i] < 10) keep[i] = dup_high(keep[i]);
  // close everything in [3, inf) except keep[]: sort the five, close the gaps
  int s[5];
  memcpy(s, keep, sizeof s);
  for (int i = 0; i < 5; i++)
    for (int j = i + 1; j < 5; j++)
      if (s[j] < s[i]) {
        int t = s[i];
        s[i] = s[j];
        s[j] = t;
      }
  unsigned lo = 3;
  for (int i = 0; i < 5; i++) {
    if (s[i] < 0) continue;
    if ((unsigned)s[i] > lo) syscall(SYS_close_range, lo, (unsigned)s[i] - 1, 0);
    lo = (unsigned)s[i] + 1;
  }
  syscall(SYS_close_range, lo, ~0u, 0);
  int ctl = keep[0], sfd = keep[1];
  for (int i = 0; i < 3; i++) {
    if (keep[2 + i] >= 0) dup2(keep[2 + i], i);
    close(keep[2 + i]);
  }

  int tsv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, tsv) < 0) {
    send_msg(ctl, K_SETUP, STEP_FORK, errno);
    _exit(1);
  }
  pid_t self = getpid();
  sock_filter guard[kGuardMaxInsns];
  int guard_len = build_guard(self, guard);
  pid_t target = raw_fork();
  if (target == 0) {
    close(ctl);
    close(sfd);
    close(tsv[0]);
    target_main(spec, tsv[1], self, sct_pgrp, guard, guard_len);
  }
  close(tsv[1]);
  // Not dumpable (after the fork, so that the target stays traceable until its exec): no ptrace,
  // /proc/PID/mem or process_vm_writev of the keeper by a process of the same uid.
  prctl(PR_SET_DUMPABLE, 0);
  if (target < 0) {
    send_msg(ctl, K_SETUP, STEP_FORK, errno);
    _exit(1);
  }
  send_msg(ctl, K_TARGET, target, 0);

  int ts = tsv[0], listener = -1;
  bool exec_reported = false, target_done = false, supervisor_gone = false;
  (void)listener;
  for (;;) {
    pollfd p[3] = {{supervisor_gone ? -1 : ctl, POLLIN, 0}, {sfd, POLLIN, 0}, {ts, POLLIN, 0}};
    int r = poll(p, 3, sfd < 0 ? 10 : -1);
    if (r < 0 && errno != EINTR) break;
    if (p[0].revents) {
      char c;
      ssize_t n = recv(ctl, &c, 1, 0);
      if (n <= 0 && !(n < 0 && errno == EINTR)) {
        supervisor_gone = true;  // supervisor died: nobody answers notifications any more
        kill_tree();
      } else if (n == 1 && c == kGo && ts >= 0) {
        send(ts, &c, 1, MSG_NOSIGNAL);
      } else if (n == 1 && c == kKill) {
        kill_tree();
      }
    }
    if (ts >= 0 && p[2].revents) {
      KeeperMsg m;
      int fd;
      ssize_t n = recv_keeper_msg(ts, &m, &fd);
      if (n == (ssize_t)sizeof m) {
        if (m.type == K_LISTENER && fd >= 0) listener = fd;  // kept open until the keeper exits
        if (m.type == K_EXEC) exec_reported = true;
        send_msg(ctl, m.type, m.type == K_LISTENER ? target : m.pid, m.value, fd);
      } else if (n <= 0) {
        if (!exec_reported) send_msg(ctl, K_EXEC, target, 0);
        close(ts);
        ts = -1;
      }
    }
    // Reap (signalfd wakes us; poll every 10 ms if it could not be created).
    if (sfd >= 0 && p[1].revents) {
      signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) < 0 && errno == EINTR) {
      }
    }
    for (;;) {
      int st;
      pid_t pid = waitpid(-1, &st, WNOHANG | __WALL);
      if (pid > 0) {
        send_msg(ctl, K_EXIT, pid, st);
        if (pid == target) {
          target_done = true;
          kill_tree();  // the tree goes with the target
        }
        continue;
      }
      if (pid < 0 && errno == ECHILD && (target_done || supervisor_gone)) {
        // The target may have reported a failed exec and died since this iteration's poll: its
        // end of ts is closed, so these reads do not block. Forward what it said first.
        while (ts >= 0 && !exec_reported) {
          KeeperMsg m;
          int fd;
          if (recv_keeper_msg(ts, &m, &fd) != (ssize_t)sizeof m) break;
          if (m.type == K_EXEC) exec_reported = true;
          send_msg(ctl, m.type, m.type == K_LISTENER ? target : m.pid, m.value, fd);
          if (fd >= 0) close(fd);
        }
        if (ts >= 0 && !exec_reported) send_msg(ctl, K_EXEC, target, 0);
        send_msg(ctl, K_GONE, 0, 0);
        _exit(0);
      }
      break;
    }
  }
  kill_tree();
  _exit(1);
}

}  // namespace sct
