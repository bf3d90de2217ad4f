// Rules as the supervisor holds them, and their evaluation for one call (shared by the
// notification thread and the ptrace thread; the counters are guarded by RuleSet::mu_).
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "prog_host.h"
#include "sct/abi.h"  // enum sct_action (SCT_ACT_*): Action::type

namespace sct {

struct Action {
  int type = SCT_ACT_NONE;
  int err = 0;
  int64_t value = 0;
  uint64_t us = 0;
  int sig = 0;
  int arg = 0;
  std::string bytes;
  int sock_field = -1;
};

struct Trigger {
  uint64_t first = 1, last = 0, step = 1;
  double p = 1;
  uint64_t seed = 0;
  uint64_t max = 0;
  int scope = 0;  // 0 tree, 1 process, 2 thread
};

struct Rule {
  int id = 0;
  int tier = 2;
  int phase = 0;
  std::vector<int> nrs, compat_nrs;
  std::vector<uint8_t> blob;  // owns the program bytes; prog points into it
  Prog prog;
  bool has_prog = false;
  Action action;
  Trigger trig;
  bool report = false;
  bool fd_paths = false;   // its events carry the paths of fd arguments and of a returned fd (strace -y)
  bool proc_info = false;  // its events carry ProcFacts (LOG with %comm %exe..., SUSPEND)
  bool fd_info = false;    // its events carry the fd argument's /proc fdinfo text at mem[7] (sct crash)
  uint32_t buf_max = 0;    // bytes of a buffer argument its events carry (0: 4096)
  // Guarded by RuleSet::mu_.
  uint64_t matched = 0, acted = 0, injections = 0, prng = 0;
  std::unordered_map<int64_t, uint64_t> seen;  // per scope key: matched calls so far
};

// The calling thread; its thread-group id is read from /proc only when something needs it
// (a per-process trigger, SUSPEND, KILL, an event): most calls never pay for it.
struct Caller {
  pid_t tid;
  pid_t tgid = 0;
  explicit Caller(pid_t t, pid_t g = 0) : tid(t), tgid(g) {}
  pid_t get_tgid();
};

struct Match {
  const Rule* rule;
  bool acted;
};

struct Verdict {
  const Rule* decider = nullptr;  // first non-LOG rule that acted; null: let the call run
  std::vector<Match> matches;     // rules whose filter matched, in order (for events)
  bool read_memory = false;       // some filter read target memory: re-validate before acting
  std::string strs[6];            // string arguments as the filters saw them (bit i of str_mask)
  uint8_t str_mask = 0;
};

class RuleSet {
 public:
  void add(std::unique_ptr<Rule> r);
  bool any(int tier, bool compat, int nr, int phase) const;
  Verdict evaluate(int tier, bool compat, int nr, int phase, Caller& who, const uint64_t args[6]);
  // Whether some rule's filter matches the call (no counting): tier 3 asks before it stops a call
  // at its exit for after-rules.
  bool any_filter_matches(int tier, bool compat, int nr, int phase, pid_t tid, const uint64_t args[6]);
  // The decider's action could not be applied (an ALTER that does not fit): it did not act, and
  // its trigger's count of injections is given back.
  void not_applied(Verdict& v);
  // Per rule id: matched, acted.
  std::vector<std::pair<int, std::pair<uint64_t, uint64_t>>> counts();
  const std::vector<std::unique_ptr<Rule>>& all() const { return rules_; }

 private:
  bool fire(Rule& r, Caller& who);
  std::vector<std::unique_ptr<Rule>> rules_;
  // key: tier<<20 | phase<<19 | compat<<18 | nr -> rules in order
  std::unordered_map<uint32_t, std::vector<Rule*>> by_call_;
  std::mutex mu_;
};

uint64_t splitmix64(uint64_t* state);

}  // namespace sct
