// Events from the supervisor threads, queued for batched delivery to JS (see session.cc).
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace sct {

enum EventKind { EV_RULE = 0, EV_FORK, EV_EXEC, EV_EXIT, EV_WARNING };

struct MemVal {
  int arg;
  bool is_str;  // string (path) or raw bytes (sockaddr)
  std::string data;
};

// The calling process as it was during the call, read while the call was held (the process exists
// then; a short-lived one is gone by the time JS formats a line). For LOG formats that name them
// and for SUSPEND. ppid/uid -1: unreadable; an empty string: unreadable.
struct ProcFacts {
  bool has = false;
  std::string comm, exe, cwd;
  int64_t ppid = -1, uid = -1;
};

struct Event {
  int kind = EV_RULE;
  uint64_t time = 0;
  int pid = 0, tid = 0;
  int rule_id = -1, nr = -1, phase = -1, acted = -1;
  uint32_t arch = 0;
  bool has_args = false;
  uint64_t args[6] = {};
  std::vector<MemVal> mem;
  ProcFacts proc;
  bool has_ret = false;
  int64_t retval = 0, seen = 0;
  bool has_child = false, has_status = false;
  int child = 0, status = 0;
  std::string message;
};

uint64_t now_ns();

class EventQueue {
 public:
  void set_wake(int fd) { wake_fd_ = fd; }
  void push(Event e);
  void warn(pid_t pid, std::string msg);
  std::vector<Event> take();
  bool empty();

 private:
  std::mutex mu_;
  std::vector<Event> q_;
  int wake_fd_ = -1;
};

}  // namespace sct
