// SPDX-License-Identifier: GPL-2.0-or-later
// The libbpf side of the sct_watch addon (watcher.h). The skeleton (bpftool gen skeleton, made
// by native/watch/Makefile into build-bpf/) embeds watch.bpf.o; CO-RE makes it kernel-independent.
#include "watcher.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
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
  int err = watch_bpf__load(skel_);
  if (err) return fail(why, "load the BPF programs", -err);
  err = set_rules(rules, why);
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

int Watcher::set_rules(const RuleSet& rs, std::string* why) {
  uint32_t gen = first_ ? 0 : 1 - active_;
  int sys_fd = bpf_map__fd(skel_->maps.sys), rules_fd = bpf_map__fd(skel_->maps.rules);
  int progs_fd = bpf_map__fd(skel_->maps.progs), hits_fd = bpf_map__fd(skel_->maps.rule_hits);
  // Every entry of the generation is written: what the last set left there must not survive.
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
  uint32_t zero = 0;
  if (bpf_map_update_elem(bpf_map__fd(skel_->maps.active), &zero, &gen, BPF_ANY)) return fail(why, "flip the active generation", errno);
  active_ = gen;
  first_ = false;
  return (int)gen;
}

int Watcher::on_sample(void* ctx, void* data, size_t size) {
  auto* w = static_cast<Watcher*>(ctx);
  if (size < sizeof(sct_watch_event)) return 0;
  const uint8_t* b = static_cast<const uint8_t*>(data);
  w->batch_.insert(w->batch_.end(), b, b + sizeof(sct_watch_event));
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
  out->active = active_;
  out->poll_error = poll_error_;
  return 0;
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
