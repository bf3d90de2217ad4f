// SPDX-License-Identifier: GPL-2.0-or-later
// The libbpf side of the sct_watch addon (watcher.h). The skeleton (bpftool gen skeleton, made
// by native/watch/Makefile into build-bpf/) embeds watch.bpf.o; CO-RE makes it kernel-independent.
#include "watcher.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <mutex>

#include "watch.skel.h"
#include "cgroup2_root.h"

namespace sct_watch {
namespace {

// libbpf's messages (verifier logs, attach failures): the last few lines go into `why`.
std::mutex g_log_mu;
std::string g_log;

int on_libbpf_print(enum libbpf_print_level level, const char* fmt, va_list ap) {
  if (level == LIBBPF_DEBUG) return 0;
  char line[512];
  vsnprintf(line, sizeof line, fmt, ap);
  std::lock_guard<std::mutex> g(g_log_mu);
  g_log += line;
  if (g_log.size() > 4096) g_log.erase(0, g_log.size() - 4096);
  return 0;
}

std::string libbpf_tail() {
  std::lock_guard<std::mutex> g(g_log_mu);
  std::string t = g_log;
  g_log.clear();
  while (!t.empty() && t.back() == '\n') t.pop_back();
  size_t cut = t.size() > 600 ? t.find('\n', t.size() - 600) : std::string::npos;
  if (cut != std::string::npos) t = t.substr(cut + 1);
  return t;
}

int fail(std::string* why, const std::string& step, int err) {
  *why = step + ": " + strerror(err);
  std::string tail = libbpf_tail();
  if (!tail.empty()) *why += "\n" + tail;  // each line starts with "libbpf: "
  return -err;
}

}  // namespace

Watcher::~Watcher() { close(); }

std::vector<std::string> Watcher::programs() {
  std::vector<std::string> names;
  watch_bpf* s = watch_bpf__open();
  if (!s) return names;
  bpf_program* p;
  bpf_object__for_each_program(p, s->obj) names.push_back(bpf_program__name(p));
  watch_bpf__destroy(s);
  return names;
}

int Watcher::probe_lsm(std::string* why) {
  libbpf_set_print(on_libbpf_print);
  libbpf_tail();
  watch_bpf* s = watch_bpf__open();
  if (!s) return fail(why, "open the BPF object", errno);
  bpf_program* p;
  bpf_object__for_each_program(p, s->obj) bpf_program__set_autoload(p, p == s->progs.probe_lsm);
  int err = watch_bpf__load(s);
  if (err) {
    watch_bpf__destroy(s);
    return fail(why, "load a BPF LSM program", -err);
  }
  bpf_link* l = bpf_program__attach_lsm(s->progs.probe_lsm);
  if (!l) {
    err = errno;
    watch_bpf__destroy(s);
    return fail(why, "attach a BPF LSM program to file_open", err);
  }
  int fd = ::open("/proc/self/stat", O_RDONLY | O_CLOEXEC);  // one file_open of our own at least
  if (fd >= 0) ::close(fd);
  uint64_t calls = __atomic_load_n(&s->bss->lsm_probe_calls, __ATOMIC_RELAXED);
  bpf_link__destroy(l);
  watch_bpf__destroy(s);
  if (calls == 0) {
    *why = "a BPF LSM program on file_open loaded and attached but never ran: `bpf` is not an active LSM (add it to the kernel's lsm= list)";
    return -ENOTSUP;
  }
  return 0;
}

int Watcher::open(const Config& cfg, const RuleSet& rules, std::string* why) {
  libbpf_set_print(on_libbpf_print);
  libbpf_tail();
  skel_ = watch_bpf__open();
  if (!skel_) return fail(why, "open the BPF object", errno);
  skel_->rodata->watch_tree_pid = cfg.tree_pid;
  memset(skel_->rodata->watch_comm, 0, sizeof skel_->rodata->watch_comm);
  strncpy(skel_->rodata->watch_comm, cfg.comm.c_str(), sizeof skel_->rodata->watch_comm - 1);
  // Only the programs this configuration attaches are loaded: a program the host refuses (the
  // cgroup ones where there is no cgroup v2) must not fail a watch that does not use it.
  bpf_program* p;
  bpf_object__for_each_program(p, skel_->obj) {
    std::string name = bpf_program__name(p);
    bool want = cfg.tracepoints ? (name == "tp_enter" || name == "tp_exit")
                                : (name == "raw_enter" || name == "raw_exit");
    if (name.rfind("fail_", 0) == 0) want = cfg.cgroup_fail;
    if (name.rfind("lsm_", 0) == 0 || name == "probe_lsm")
      want = std::find(cfg.lsm_progs.begin(), cfg.lsm_progs.end(), name) != cfg.lsm_progs.end();
    bpf_program__set_autoload(p, want);
  }
  if (cfg.ring_bytes) {
    int err = bpf_map__set_max_entries(skel_->maps.events, cfg.ring_bytes);
    if (err) return fail(why, "size the ring buffer (" + std::to_string(cfg.ring_bytes) + " bytes: a power of 2, a multiple of the page size)", -err);
  }
  int err = watch_bpf__load(skel_);
  if (err) return fail(why, "load the BPF programs", -err);
  // Epoch 0 in generation 0; generation 1 holds nothing yet (kNoEpoch: no call has its epoch).
  uint32_t key = 1;
  if (bpf_map_update_elem(bpf_map__fd(skel_->maps.gen_epoch), &key, &gen_epoch_[1], BPF_ANY)) return fail(why, "write gen_epoch", errno);
  err = write_generation(0, rules, why);
  if (err < 0) return err;
  return attach(cfg, why);
}

int Watcher::attach(const Config& cfg, std::string* why) {
  if (!cfg.tracepoints) {
    int err = watch_bpf__attach(skel_);
    if (err) return fail(why, "attach tp_btf sys_enter/sys_exit", -err);
  } else {
    for (const std::string& n : cfg.tp_names) {
      for (const char* dir : {"enter", "exit"}) {
        std::string tp = std::string("sys_") + dir + "_" + n;
        bpf_program* prog = dir[1] == 'n' ? skel_->progs.tp_enter : skel_->progs.tp_exit;
        bpf_link* l = bpf_program__attach_tracepoint(prog, "syscalls", tp.c_str());
        if (!l) return fail(why, "attach syscalls:" + tp, errno);
        links_.push_back(l);
      }
    }
  }
  // The lsm_* programs: watch_bpf__attach attached the loaded ones above; with per-syscall
  // tracepoints, by hand.
  for (const std::string& n : cfg.tracepoints ? cfg.lsm_progs : std::vector<std::string>{}) {
    bpf_program* prog = bpf_object__find_program_by_name(skel_->obj, n.c_str());
    if (!prog) return fail(why, "find the program " + n, ENOENT);
    bpf_link* l = bpf_program__attach_lsm(prog);
    if (!l) return fail(why, "attach " + n, errno);
    links_.push_back(l);
  }
  if (cfg.cgroup_fail) {
    char root[256];
    int cg = sct_open_cgroup2_root(root, sizeof root);
    if (cg < 0) return fail(why, "find the cgroup2 root for the FAIL hooks (a cgroup2 mount in /proc/self/mounts)", -cg);
    bpf_program* p;
    bpf_object__for_each_program(p, skel_->obj) {
      if (std::string(bpf_program__name(p)).rfind("fail_", 0) != 0) continue;
      bpf_link* l = bpf_program__attach_cgroup(p, cg);
      if (!l) {
        int e = errno;
        ::close(cg);
        return fail(why, std::string("attach ") + bpf_program__name(p) + " to " + root, e);
      }
      links_.push_back(l);
    }
    ::close(cg);
  }
  return 0;
}

// Writes every entry of generation gen (what the last set left there must not survive) and zeroes
// its rule_hits. Nothing reads gen meanwhile (watch.h).
int Watcher::write_generation(uint32_t gen, const RuleSet& rs, std::string* why) {
  int sys_fd = bpf_map__fd(skel_->maps.sys), rules_fd = bpf_map__fd(skel_->maps.rules);
  int progs_fd = bpf_map__fd(skel_->maps.progs), hits_fd = bpf_map__fd(skel_->maps.rule_hits);
  std::vector<sct_watch_sys> sys(SCT_WATCH_MAX_NR);
  for (const SysEntry& e : rs.sys) {
    sys[e.nr].rules = e.rules;
    sys[e.nr].str_arg = e.str_arg;
    sys[e.nr].lsm_hooks = e.lsm_hooks;
  }
  for (uint32_t nr = 0; nr < SCT_WATCH_MAX_NR; nr++) {
    uint32_t key = gen * SCT_WATCH_MAX_NR + nr;
    if (!sys[nr].rules) sys[nr].str_arg = SCT_WATCH_NO_STR;
    if (bpf_map_update_elem(sys_fd, &key, &sys[nr], BPF_ANY)) return fail(why, "write the sys map", errno);
  }
  int ncpu = libbpf_num_possible_cpus();
  std::vector<uint64_t> zeros(ncpu > 0 ? ncpu : 1, 0);
  static sct_watch_prog prog;  // 16 KiB: not on the stack; only the JS thread writes rules
  for (uint32_t i = 0; i < SCT_WATCH_MAX_RULES; i++) {
    uint32_t key = gen * SCT_WATCH_MAX_RULES + i;
    sct_watch_rule r{};
    memset(&prog, 0, sizeof prog);
    if (i < rs.rules.size()) {
      r = rs.rules[i].rule;
      prog.len = rs.rules[i].prog.size();
      if (prog.len) memcpy(prog.blob, rs.rules[i].prog.data(), prog.len);
    }
    if (bpf_map_update_elem(rules_fd, &key, &r, BPF_ANY)) return fail(why, "write the rules map", errno);
    if (bpf_map_update_elem(progs_fd, &key, &prog, BPF_ANY)) return fail(why, "write the progs map", errno);
    if (bpf_map_update_elem(hits_fd, &key, zeros.data(), BPF_ANY)) return fail(why, "zero rule_hits", errno);
  }
  return 0;
}

int64_t Watcher::set_rules(const RuleSet& rs, std::string* why, Retired* retired) {
  uint32_t epoch = epoch_ + 1, gen = epoch & 1, zero = 0;
  *retired = Retired{};
  // 1. Retire what gen holds: a call still in flight with that epoch is stale from now on.
  if (bpf_map_update_elem(bpf_map__fd(skel_->maps.gen_epoch), &gen, &epoch, BPF_ANY)) return fail(why, "write gen_epoch", errno);
  uint32_t old = gen_epoch_[gen];
  gen_epoch_[gen] = epoch;
  // 2. The grace period: synchronize_rcu(). Every program that read the old epoch has returned.
  if (syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) < 0)
    return fail(why, "wait for the BPF programs reading the old rules (membarrier MEMBARRIER_CMD_GLOBAL; refused with nohz_full)", errno);
  // 3. The retired epoch's hits, final now.
  if (old != kNoEpoch) {
    Stats s;
    stats(&s);
    retired->valid = true;
    retired->epoch = old;
    for (uint32_t i = 0; i < SCT_WATCH_MAX_RULES; i++) retired->hits[i] = s.hits[gen * SCT_WATCH_MAX_RULES + i];
  }
  // 4. The new rules, then 5. live.
  int err = write_generation(gen, rs, why);
  if (err < 0) return err;
  if (bpf_map_update_elem(bpf_map__fd(skel_->maps.active), &zero, &epoch, BPF_ANY)) return fail(why, "make the new rules live", errno);
  epoch_ = epoch;
  return epoch;
}

int Watcher::on_sample(void* ctx, void* data, size_t size) {
  auto* w = static_cast<Watcher*>(ctx);
  const auto* e = static_cast<const sct_watch_event*>(data);
  // A record is one event, with its paths when it says so (e->size); JS walks the batch by size.
  if (size < sizeof(sct_watch_event) || e->size != size || size % 8) return 0;
  const uint8_t* b = static_cast<const uint8_t*>(data);
  w->batch_.insert(w->batch_.end(), b, b + size);
  return 0;
}

int Watcher::start(Deliver deliver, std::string* why) {
  if (rb_) return fail(why, "start", EBUSY);
  rb_ = ring_buffer__new(bpf_map__fd(skel_->maps.events), on_sample, this, nullptr);
  if (!rb_) return fail(why, "open the ring buffer", errno);
  deliver_ = std::move(deliver);
  stop_ = false;
  poller_ = std::thread([this] {
    while (!stop_) {
      int n = ring_buffer__poll(rb_, 100);
      if (n < 0 && n != -EINTR) {
        poll_error_ = -n;  // stats() reports it: the reader must not stop silently
        break;
      }
      if (!batch_.empty()) {
        deliver_(std::move(batch_));
        batch_.clear();
      }
    }
    // stop(): what the programs wrote before they were detached, then the end (an empty batch).
    if (!poll_error_) ring_buffer__consume(rb_);
    if (!batch_.empty()) deliver_(std::move(batch_));
    batch_.clear();
    deliver_(std::vector<uint8_t>());
  });
  return 0;
}

int Watcher::stats(Stats* out) const {
  if (!skel_) return -EBADF;
  int ncpu = libbpf_num_possible_cpus();
  std::vector<uint64_t> v(ncpu > 0 ? ncpu : 1);
  auto sum = [&](int fd, uint32_t key) -> uint64_t {
    uint64_t s = 0;
    if (bpf_map_lookup_elem(fd, &key, v.data()) == 0)
      for (uint64_t x : v) s += x;
    return s;
  };
  for (uint32_t k = 0; k < SCT_WATCH_STAT_N; k++) out->stat[k] = sum(bpf_map__fd(skel_->maps.stats), k);
  for (uint32_t k = 0; k < 2 * SCT_WATCH_MAX_RULES; k++) out->hits[k] = sum(bpf_map__fd(skel_->maps.rule_hits), k);
  out->epoch = epoch_;
  out->gen_epoch[0] = gen_epoch_[0];
  out->gen_epoch[1] = gen_epoch_[1];
  out->poll_error = poll_error_;
  return 0;
}

int Watcher::stop(std::string* why) {
  if (!skel_) return fail(why, "stop", EBADF);
  for (bpf_link* l : links_) bpf_link__destroy(l);
  links_.clear();
  watch_bpf__detach(skel_);
  // Without the grace period the ring is still read to its end: only a program still running
  // may add an event or a count after it (the error says so; the watch still ends).
  int err = syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) < 0 ? errno : 0;
  stop_ = true;
  if (poller_.joinable()) poller_.join();
  return err ? fail(why, "wait for the detached BPF programs to return (membarrier MEMBARRIER_CMD_GLOBAL; refused with nohz_full): the counters may miss a call that was running", err) : 0;
}

void Watcher::close() {
  stop_ = true;
  if (poller_.joinable()) poller_.join();
  for (bpf_link* l : links_) bpf_link__destroy(l);
  links_.clear();
  ring_buffer__free(rb_);
  rb_ = nullptr;
  watch_bpf__destroy(skel_);
  skel_ = nullptr;
}

}  // namespace sct_watch
