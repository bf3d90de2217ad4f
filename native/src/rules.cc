#include "rules.h"

#include "proc_mem.h"
#include "sct/trigger.h"

namespace sct {
namespace {
uint32_t key(int tier, bool compat, int nr, int phase) {
  return (uint32_t)tier << 20 | (uint32_t)phase << 19 | (uint32_t)compat << 18 | ((uint32_t)nr & 0x3ffff);
}
}  // namespace

uint64_t splitmix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void RuleSet::add(std::unique_ptr<Rule> r) {
  r->prng = r->trig.seed;
  for (int nr : r->nrs) by_call_[key(r->tier, false, nr, r->phase)].push_back(r.get());
  for (int nr : r->compat_nrs) by_call_[key(r->tier, true, nr, r->phase)].push_back(r.get());
  rules_.push_back(std::move(r));
}

bool RuleSet::any(int tier, bool compat, int nr, int phase) const {
  return by_call_.count(key(tier, compat, nr, phase)) != 0;
}

pid_t Caller::get_tgid() {
  if (!tgid) tgid = tgid_of(tid);
  return tgid;
}

// Counts one matched call and decides whether the trigger fires. Caller holds mu_.
bool RuleSet::fire(Rule& r, Caller& who) {
  const Trigger& t = r.trig;
  r.matched++;
  int64_t k = t.scope == 0 ? 0 : t.scope == 1 ? who.get_tgid() : who.tid;
  uint64_t n = ++r.seen[k];
  bool on = sct_trigger_window(n, t.first, t.last, t.step);
  if (t.p < 1) {  // one draw per matched call, so the sequence depends only on the seed and the calls
    double u = (double)(splitmix64(&r.prng) >> 11) * (1.0 / 9007199254740992.0);
    on = on && u < t.p;
  }
  if (on && !sct_trigger_below_max(r.injections, t.max)) on = false;
  if (on) {
    r.injections++;
    r.acted++;
  }
  return on;
}

bool RuleSet::any_filter_matches(int tier, bool compat, int nr, int phase, pid_t tid, const uint64_t args[6]) {
  auto it = by_call_.find(key(tier, compat, nr, phase));
  if (it == by_call_.end()) return false;
  CallInput in(tid, args);
  for (Rule* r : it->second)
    if (!r->has_prog || prog_eval(r->prog, in)) return true;
  return false;
}

Verdict RuleSet::evaluate(int tier, bool compat, int nr, int phase, Caller& who, const uint64_t args[6]) {
  Verdict v;
  auto it = by_call_.find(key(tier, compat, nr, phase));
  if (it == by_call_.end()) return v;
  CallInput in(who.tid, args);
  for (Rule* r : it->second) {
    // The filter runs outside the lock: it reads /proc and target memory.
    if (r->has_prog && !prog_eval(r->prog, in)) continue;
    bool acted;
    {
      std::lock_guard<std::mutex> g(mu_);
      acted = fire(*r, who);
    }
    v.matches.push_back({r, acted});
    if (acted && r->action.type != SCT_ACT_LOG) {
      v.decider = r;
      break;
    }
  }
  v.read_memory = in.read_any;
  v.str_mask = in.seen_mask;
  for (int i = 0; i < 6; i++)
    if (in.seen_mask & (1u << i)) v.strs[i] = std::move(in.seen[i]);
  return v;
}

void RuleSet::not_applied(Verdict& v) {
  if (!v.decider) return;
  {
    std::lock_guard<std::mutex> g(mu_);
    for (auto& r : rules_) {
      if (r.get() != v.decider) continue;
      r->acted--;
      r->injections--;
    }
  }
  for (Match& m : v.matches)
    if (m.rule == v.decider) m.acted = false;
  v.decider = nullptr;
}

std::vector<std::pair<int, std::pair<uint64_t, uint64_t>>> RuleSet::counts() {
  std::lock_guard<std::mutex> g(mu_);
  std::vector<std::pair<int, std::pair<uint64_t, uint64_t>>> out;
  for (auto& r : rules_) out.push_back({r->id, {r->matched, r->acted}});
  return out;
}

}  // namespace sct
