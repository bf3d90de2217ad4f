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

// gen_epoch of a generation that holds no rules (generation 1 until the first reload).
constexpr uint32_t kNoEpoch = 0xffffffffu;

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
  uint32_t ring_bytes = 0;            // size of the "events" ring buffer; 0: the object's (1 MiB)
  std::vector<std::string> lsm_progs; // the lsm_* programs (FAIL through BPF LSM) to load and attach
};

// What a reload took out of service: the epoch its generation held and that epoch's final
// rule_hits (watch.h: read after the grace period, before the generation is rewritten).
struct Retired {
  bool valid = false;  // false: the generation held no rules yet
  uint32_t epoch = 0;
  uint64_t hits[SCT_WATCH_MAX_RULES] = {};
};

// Totals summed over CPUs.
struct Stats {
  uint64_t stat[SCT_WATCH_STAT_N] = {};
  uint64_t hits[2 * SCT_WATCH_MAX_RULES] = {};  // key gen * SCT_WATCH_MAX_RULES + rule
  uint32_t epoch = 0;                           // the live rules' epoch (generation epoch & 1)
  uint32_t gen_epoch[2] = {};                   // the epoch each generation holds, kNoEpoch: none
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
  // Writes the next epoch into generation 1 - active (watch.h: the epoch of what was there is
  // retired first, its hits in *retired), then makes it live. Returns the new epoch or -errno.
  int64_t set_rules(const RuleSet& rules, std::string* why, Retired* retired);
  int start(Deliver deliver, std::string* why);
  int stats(Stats* out) const;
  // Detaches every program, waits until none runs (a grace period), then lets the poll thread read
  // what is left in the ring buffer and end with an empty batch: after that batch, the counters are
  // final and every event they count has been delivered. An error (no grace period) still stops.
  int stop(std::string* why);
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
  int write_generation(uint32_t gen, const RuleSet& rules, std::string* why);
  uint32_t epoch_ = 0;
  uint32_t gen_epoch_[2] = {0, kNoEpoch};
};

}  // namespace sct_watch
