// Messages between the supervisor and the keeper process, over a SOCK_SEQPACKET socketpair.
// Supervisor -> keeper: one byte (kGo, kKill); EOF means the supervisor is gone.
#pragma once
#include <errno.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <cstdint>
#include <cstring>

namespace sct {

enum KeeperMsgType : int32_t {
  K_TARGET = 1,    // pid: the target's pid
  K_LISTENER = 2,  // carries the seccomp listener fd (SCM_RIGHTS)
  K_SETUP = 3,     // the target failed before exec: value = errno, pid = step (SetupStep)
  K_EXEC = 4,      // value: 0 (exec happened, or the target died first) or the exec errno
  K_EXIT = 5,      // pid reaped by the keeper, value = wait status
  K_GONE = 6,      // no descendants left; the keeper exits next
};

enum SetupStep : int32_t { STEP_STDIO = 1, STEP_CHDIR, STEP_NO_NEW_PRIVS, STEP_SECCOMP, STEP_SEND_FD, STEP_FORK };

struct KeeperMsg {
  int32_t type;
  int32_t pid;
  int32_t value;
  int32_t pad;
};

constexpr char kGo = 'G';
constexpr char kKill = 'K';

// Receives one message (and the fd that came with it, else -1 in *got_fd), retrying on EINTR.
// Returns bytes read, 0 on EOF, -1 on error. Async-signal-safe: the keeper calls it too.
inline ssize_t recv_keeper_msg(int fd, KeeperMsg* m, int* got_fd) {
  iovec iov{m, sizeof *m};
  msghdr mh{};
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  alignas(cmsghdr) char cbuf[CMSG_SPACE(sizeof(int))];
  mh.msg_control = cbuf;
  mh.msg_controllen = sizeof cbuf;
  ssize_t n;
  do n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  *got_fd = -1;
  for (cmsghdr* c = CMSG_FIRSTHDR(&mh); n > 0 && c; c = CMSG_NXTHDR(&mh, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) memcpy(got_fd, CMSG_DATA(c), sizeof(int));
  return n;
}

}  // namespace sct
