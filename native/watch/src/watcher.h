// The libbpf side of the sct_watch addon: one loaded watch.bpf.o (its skeleton is compiled in),
// its rule sets written by generation as native/watch/bpf/watch.h says, and a thread that polls
// the ring buffer. No N-API here (addon.cc is the JS surface); errors are negative errno values
// with a lowercase message in `why`, as libbpf reports them.
#pragma once
#include <linux/types.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "watch.h"

struct watch_bpf;
struct ring_buffer;
struct bpf_link;

namespace sct_watch {

struct SysEntry {
  uint32_t nr;
  uint64_t rules;   // bitmask of rule indexes
  uint8_t str_arg;  // 0..5 or SCT_WATCH_NO_STR
  uint8_t lsm_hooks;  // bitmask of enum sct_watch_lsm_hook
};

struct RuleEntry {
  sct_watch_rule rule;
  std::vector<uint8_t> prog;  // checked blob (harness/src/filter), empty: no filter
};

struct RuleSet {
  std::vector<SysEntry> sys;
  std::vector<RuleEntry> rules;
};

struct Config {
  uint32_t tree_pid = 0;
  std::string comm;
  bool tracepoints = false;           // per-syscall tracepoints instead of tp_btf (refused on some hosts)
  std::vector<std::string> tp_names;  // syscall names to attach to in tracepoint mode
  bool cgroup_fail = false;           // attach fail_* programs to the root cgroup
  std::vector<std::string> lsm_progs; // the lsm_* programs (FAIL through BPF LSM) to load and attach
};

// Totals summed over CPUs.
struct Stats {
  uint64_t stat[SCT_WATCH_STAT_N] = {};
  uint64_t hits[2 * SCT_WATCH_MAX_RULES] = {};
  uint32_t active = 0;
  int poll_error = 0;  // errno that stopped the ring buffer reader, 0: running or stopped by close()
};

// Events as raw struct sct_watch_event records, in ring buffer order, one batch per poll.
using Deliver = std::function<void(std::vector<uint8_t>&&)>;

class Watcher {
 public:
  ~Watcher();
  // Opens, sets .rodata, loads, writes the first rule set and attaches. On failure returns a
  // negative errno with `why` (the step, and libbpf's last words).
  int open(const Config& cfg, const RuleSet& rules, std::string* why);
  // Writes generation 1 - active, then flips "active". Returns the new generation or -errno.
  int set_rules(const RuleSet& rules, std::string* why);
  int start(Deliver deliver, std::string* why);
  int stats(Stats* out) const;
  // Names of the programs in the compiled-in object (to tell what this build can do).
  static std::vector<std::string> programs();
  // Whether this kernel runs BPF LSM programs: loads probe_lsm alone, attaches it, opens a file
  // and checks that it ran. 0: it did; else a negative errno with `why` (-ENOTSUP: loaded and
  // attached but never called, `bpf` is not an active LSM).
  static int probe_lsm(std::string* why);
  void close();

 private:
  static int on_sample(void* ctx, void* data, size_t size);
  int attach(const Config& cfg, std::string* why);
  watch_bpf* skel_ = nullptr;
  ring_buffer* rb_ = nullptr;
  std::vector<bpf_link*> links_;
  std::thread poller_;
  std::atomic<bool> stop_{false};
  std::atomic<int> poll_error_{0};
  std::vector<uint8_t> batch_;
  Deliver deliver_;
  uint32_t active_ = 0;
  bool first_ = true;
};

}  // namespace sct_watch
