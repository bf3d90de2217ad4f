// Reading and writing a stopped (or notification-blocked) thread's memory and /proc entries.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>

#include "events.h"
#include "prog_host.h"

namespace sct {

// NUL-terminated string at addr, at most max bytes, read page by page (process_vm_readv stops at
// an unmapped page). False when the first byte cannot be read.
bool read_str(pid_t tid, uint64_t addr, size_t max, std::string* out);
bool read_bytes(pid_t tid, uint64_t addr, size_t len, std::string* out);
// process_vm_writev, then /proc/TID/mem (which may write read-only mappings, e.g. string literals).
bool write_bytes(pid_t tid, uint64_t addr, const void* data, size_t len);
bool read_link(const std::string& path, std::string* out);
// A /proc text file of at most 4 KiB (fdinfo, status), whole.
bool read_small_file(const std::string& path, std::string* out);
struct Action;
// ALTER of memory: writes the action's bytes over argument a.arg's string (only when they fit in it,
// NUL included) or over one sockaddr field. Returns "" when written, else why not (the call then
// runs unchanged). Not TOCTOU-proof: another thread may rewrite the memory.
std::string alter_mem(pid_t tid, const uint64_t args[6], const Action& a);
// A numeric field of /proc/TID/status ("Tgid", "PPid", "Uid" (first: real, second: effective)...).
bool status_field(pid_t tid, const char* key, int index, int64_t* out);
pid_t tgid_of(pid_t tid);
// comm (of the thread), exe, cwd, ppid and real uid of a live thread, from /proc.
ProcFacts proc_facts(pid_t tid, pid_t tgid);
// One-letter state from /proc/PID/stat, or 0.
char proc_state(pid_t pid);

// The filter's view of one call in a live thread.
class CallInput : public ProgInput {
 public:
  CallInput(pid_t tid, const uint64_t args[6]) : tid_(tid) {
    for (int i = 0; i < 6; i++) args_[i] = args[i];
  }
  int64_t arg(int i) override { return (int64_t)args_[i]; }
  bool var(int which, int64_t* out) override;
  bool str(int src, int argi, std::string* out) override;
  bool sock(int argi, int lenarg, std::string* raw) override;
  bool read_any = false;  // the evaluation read target memory (re-validate before acting)
  // String arguments as first read: every filter of the call sees the same bytes, and the
  // supervisor can act on exactly what was checked (notif_open.cc).
  std::string seen[6];
  uint8_t seen_mask = 0;

 private:
  pid_t tid_;
  uint64_t args_[6];
};

}  // namespace sct
