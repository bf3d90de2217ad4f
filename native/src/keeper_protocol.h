// Messages between the supervisor and the keeper process, over a SOCK_SEQPACKET socketpair.
// Supervisor -> keeper: one byte (kGo, kKill); EOF means the supervisor is gone.
#pragma once
#include <cstdint>

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

}  // namespace sct
