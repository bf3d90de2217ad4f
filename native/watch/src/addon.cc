// SPDX-License-Identifier: GPL-2.0-or-later
// The N-API surface of sct_watch (harness/src/watch/binding.ts types it): programs, open,
// setRules, start, stats, close. One watcher per process. Each entry point checks its arguments
// here, once (native/shared/js_args.h). Events go to JS as Buffers of struct sct_watch_event
// records, a batch per ring_buffer__poll, through a ThreadSafeFunction from the poll thread.
#include <napi.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "js_args.h"
#include "watcher.h"

static_assert(sizeof(sct_watch_event) == 384, "sct_watch_event layout (harness/src/watch/event.ts)");
static_assert(sizeof(sct_watch_paths) == 16, "sct_watch_paths layout (harness/src/watch/event.ts)");

namespace {

using sct_js::At;
using sct_js::Fields;

std::unique_ptr<sct_watch::Watcher> g_watcher;
Napi::ThreadSafeFunction g_tsfn;
bool g_has_tsfn = false;

void close_all() {
  if (g_watcher) g_watcher->close();  // joins the poll thread: no call into the tsfn after this
  g_watcher.reset();
  if (g_has_tsfn) g_tsfn.Release();
  g_has_tsfn = false;
}

const char* errno_code(int err) {
  switch (err) {
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case ENOENT: return "ENOENT";
    case EINVAL: return "EINVAL";
    case E2BIG: return "E2BIG";
    case ENOMEM: return "ENOMEM";
    case EBUSY: return "EBUSY";
    case ENOTSUP: return "ENOTSUP";
    case ESRCH: return "ESRCH";
    default: return "EIO";
  }
}

Napi::Error errno_error(Napi::Env env, int neg, const std::string& why) {
  Napi::Error e = Napi::Error::New(env, why);
  e.Set("code", errno_code(-neg));
  e.Set("errno", Napi::Number::New(env, -neg));
  return e;
}

sct_watch::RuleSet rule_set(const At& at, Napi::Value v) {
  Fields f(at, v);
  sct_watch::RuleSet rs;
  Napi::Array rules = f.array("rules", "an array of at most " + std::to_string(SCT_WATCH_MAX_RULES) + " rules");
  if (rules.Length() > SCT_WATCH_MAX_RULES) f.at("rules").range("an array of at most " + std::to_string(SCT_WATCH_MAX_RULES) + " rules", rules);
  rs.rules = sct_js::elements(f.at("rules"), rules, [](const At& a, Napi::Value r) {
    Fields rf(a, r);
    sct_watch::RuleEntry e{};
    e.rule.action = (uint32_t)rf.integer("action", SCT_WATCH_ACT_LOG, SCT_WATCH_ACT_FAIL, "an action code (0 LOG, 1 KILL, 2 SUSPEND, 3 FAIL)");
    e.rule.signal = (int32_t)rf.integer("signal", 0, 64, "a signal number between 0 and 64");
    e.rule.err = (int32_t)rf.integer("err", 0, 4095, "an errno between 0 and 4095");
    e.rule.at_enter = rf.boolean("atEnter");
    e.rule.proc_paths = (uint8_t)rf.integer("procPaths", 0, SCT_WATCH_PROC_EXE | SCT_WATCH_PROC_CWD, "a bitmask of the process paths its events carry (1 exe, 2 cwd)");
    e.prog = rf.bytes("prog");
    if (e.prog.size() > SCT_WATCH_PROG_MAX) rf.at("prog").range("a program of at most " + std::to_string(SCT_WATCH_PROG_MAX) + " bytes", rf.get("prog"));
    e.rule.has_prog = !e.prog.empty();
    return e;
  });
  Napi::Array sys = f.array("sys", "an array of syscall entries");
  size_t n_rules = rs.rules.size();
  rs.sys = sct_js::elements(f.at("sys"), sys, [n_rules](const At& a, Napi::Value s) {
    Fields sf(a, s);
    sct_watch::SysEntry e{};
    e.nr = (uint32_t)sf.integer("nr", 0, SCT_WATCH_MAX_NR - 1, "a syscall number between 0 and " + std::to_string(SCT_WATCH_MAX_NR - 1));
    e.rules = (uint64_t)sf.bigint64("rules");
    if (e.rules == 0 || (n_rules < 64 && (e.rules >> n_rules) != 0)) sf.at("rules").invalid("must name at least one rule and only the " + std::to_string(n_rules) + " given");
    e.str_arg = (uint8_t)sf.integer("strArg", 0, SCT_WATCH_NO_STR, "an argument index (0-5) or 255 (none)");
    if (e.str_arg > 5 && e.str_arg != SCT_WATCH_NO_STR) sf.at("strArg").range("an argument index (0-5) or 255 (none)", sf.get("strArg"));
    e.lsm_hooks = (uint8_t)sf.integer("lsmHooks", 0, (1 << SCT_WATCH_LSM_N) - 1, "a bitmask of BPF LSM hooks (0-" + std::to_string((1 << SCT_WATCH_LSM_N) - 1) + ")");
    return e;
  });
  return rs;
}

Napi::Value Programs(const Napi::CallbackInfo& info) {
  sct_js::usage(info, 0, 0, "programs()");
  Napi::Array out = Napi::Array::New(info.Env());
  uint32_t i = 0;
  for (const std::string& n : sct_watch::Watcher::programs()) out.Set(i++, n);
  return out;
}

// probeLsm(): null when this kernel runs BPF LSM programs, else why not (Watcher::probe_lsm).
Napi::Value ProbeLsm(const Napi::CallbackInfo& info) {
  sct_js::usage(info, 0, 0, "probeLsm()");
  std::string why;
  if (sct_watch::Watcher::probe_lsm(&why) == 0) return info.Env().Null();
  return Napi::String::New(info.Env(), why);
}

// open({ treePid, comm, tracepoints, tpNames, cgroupFail, lsmPrograms, ringBytes, rules }): returns the epoch, 0.
Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  sct_js::usage(info, 1, 1, "open(config)");
  if (g_watcher) throw At{env, "open", "config"}.error(Napi::Error::New(env, "open: a watch is already open in this process; close() it first"));
  Fields f(At{env, "open", "config"}, info[0]);
  sct_watch::Config cfg;
  cfg.tree_pid = (uint32_t)f.integer("treePid", 0, INT32_MAX, "a process id (0: every process)");
  cfg.comm = f.string("comm");
  if (cfg.comm.size() >= SCT_WATCH_COMM_LEN) f.at("comm").range("a comm of at most 15 bytes", f.get("comm"));
  cfg.tracepoints = f.boolean("tracepoints");
  cfg.tp_names = sct_js::elements(f.at("tpNames"), f.array("tpNames", "an array of syscall names"),
                                  [](const At& a, Napi::Value v) { return sct_js::string(a, v, true); });
  cfg.cgroup_fail = f.boolean("cgroupFail");
  cfg.lsm_progs = sct_js::elements(f.at("lsmPrograms"), f.array("lsmPrograms", "an array of program names"),
                                   [](const At& a, Napi::Value v) { return sct_js::string(a, v, true); });
  cfg.ring_bytes = (uint32_t)f.integer("ringBytes", 0, 1 << 30, "a ring buffer size in bytes (0: the default), at most 1 GiB");
  sct_watch::RuleSet rs = rule_set(f.at("rules"), f.get("rules"));
  auto w = std::make_unique<sct_watch::Watcher>();
  std::string why;
  int err = w->open(cfg, rs, &why);
  if (err < 0) throw errno_error(env, err, why);
  g_watcher = std::move(w);
  return Napi::Number::New(env, 0);
}

Napi::Value SetRules(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  sct_js::usage(info, 1, 1, "setRules(rules)");
  sct_watch::RuleSet rs = rule_set(At{env, "setRules", "rules"}, info[0]);
  if (!g_watcher) throw errno_error(env, -EBADF, "setRules: no watch is open");
  std::string why;
  sct_watch::Retired retired;
  int64_t epoch = g_watcher->set_rules(rs, &why, &retired);
  if (epoch < 0) throw errno_error(env, (int)epoch, why);
  Napi::Object out = Napi::Object::New(env);
  out.Set("epoch", Napi::Number::New(env, (double)epoch));
  if (retired.valid) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("epoch", retired.epoch);
    Napi::Array hits = Napi::Array::New(env, SCT_WATCH_MAX_RULES);
    for (uint32_t i = 0; i < SCT_WATCH_MAX_RULES; i++) hits.Set(i, Napi::BigInt::New(env, retired.hits[i]));
    r.Set("hits", hits);
    out.Set("retired", r);
  }
  return out;
}

// start(onEvents): onEvents(buffer) on the JS thread, a batch of raw events per call.
Napi::Value Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  sct_js::usage(info, 1, 1, "start(onEvents)");
  Napi::Function fn = sct_js::function(At{env, "start", "onEvents"}, info[0]);
  if (!g_watcher) throw errno_error(env, -EBADF, "start: no watch is open");
  if (g_has_tsfn) throw errno_error(env, -EBUSY, "start: already started");
  g_tsfn = Napi::ThreadSafeFunction::New(env, fn, "sct-watch", 0, 1);
  g_has_tsfn = true;
  g_tsfn.Unref(env);  // the watch does not keep Node alive; the command's own wait does
  Napi::ThreadSafeFunction tsfn = g_tsfn;
  std::string why;
  int err = g_watcher->start(
      [tsfn](std::vector<uint8_t>&& batch) mutable {
        auto* b = new std::vector<uint8_t>(std::move(batch));
        napi_status st = tsfn.NonBlockingCall(b, [](Napi::Env env, Napi::Function cb, std::vector<uint8_t>* b) {
          std::unique_ptr<std::vector<uint8_t>> own(b);
          if (env == nullptr || cb == nullptr) return;
          // An empty batch is stop()'s end mark (Buffer::Copy refuses a null pointer).
          cb.Call({own->empty() ? Napi::Buffer<uint8_t>::New(env, 0) : Napi::Buffer<uint8_t>::Copy(env, own->data(), own->size())});
        });
        if (st != napi_ok) delete b;
      },
      &why);
  if (err < 0) throw errno_error(env, err, why);
  return env.Undefined();
}

Napi::Value Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  sct_js::usage(info, 0, 0, "stats()");
  if (!g_watcher) throw errno_error(env, -EBADF, "stats: no watch is open");
  sct_watch::Stats s;
  g_watcher->stats(&s);
  Napi::Object o = Napi::Object::New(env);
  static const char* const names[SCT_WATCH_STAT_N] = {"events", "drops", "strFail", "noEnter", "filtered", "stale"};
  for (int k = 0; k < SCT_WATCH_STAT_N; k++) o.Set(names[k], Napi::BigInt::New(env, s.stat[k]));
  // Per generation: the epoch it holds (null: none) and its rules' hits.
  Napi::Array gens = Napi::Array::New(env, 2);
  for (uint32_t g = 0; g < 2; g++) {
    Napi::Object go = Napi::Object::New(env);
    go.Set("epoch", s.gen_epoch[g] == sct_watch::kNoEpoch ? env.Null() : Napi::Number::New(env, s.gen_epoch[g]));
    Napi::Array hits = Napi::Array::New(env, SCT_WATCH_MAX_RULES);
    for (uint32_t i = 0; i < SCT_WATCH_MAX_RULES; i++) hits.Set(i, Napi::BigInt::New(env, s.hits[g * SCT_WATCH_MAX_RULES + i]));
    go.Set("hits", hits);
    gens.Set(g, go);
  }
  o.Set("generations", gens);
  o.Set("epoch", Napi::Number::New(env, s.epoch));
  o.Set("pollError", s.poll_error);
  return o;
}

// stop(): detach, then the rest of the ring buffer and an empty batch through onEvents (the end).
Napi::Value Stop(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  sct_js::usage(info, 0, 0, "stop()");
  if (!g_watcher) throw errno_error(env, -EBADF, "stop: no watch is open");
  std::string why;
  int err = g_watcher->stop(&why);
  if (err < 0) throw errno_error(env, err, why);
  return env.Undefined();
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  sct_js::usage(info, 0, 0, "close()");
  close_all();
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("programs", Napi::Function::New(env, Programs));
  exports.Set("probeLsm", Napi::Function::New(env, ProbeLsm));
  exports.Set("open", Napi::Function::New(env, Open));
  exports.Set("setRules", Napi::Function::New(env, SetRules));
  exports.Set("start", Napi::Function::New(env, Start));
  exports.Set("stats", Napi::Function::New(env, Stats));
  exports.Set("stop", Napi::Function::New(env, Stop));
  exports.Set("close", Napi::Function::New(env, Close));
  Napi::Object sizes = Napi::Object::New(env);
  sizes.Set("event", (uint32_t)sizeof(sct_watch_event));
  sizes.Set("maxRules", SCT_WATCH_MAX_RULES);
  sizes.Set("maxNr", SCT_WATCH_MAX_NR);
  sizes.Set("progMax", SCT_WATCH_PROG_MAX);
  sizes.Set("pathLen", SCT_WATCH_PATH_LEN);
  sizes.Set("paths", (uint32_t)sizeof(sct_watch_paths));
  sizes.Set("procPathMax", SCT_WATCH_PROC_PATH_MAX);
  exports.Set("sizes", sizes);
  // Node exiting with a watch open: detach and free what was loaded (better-sqlite3's way).
  napi_add_env_cleanup_hook(env, [](void*) { close_all(); }, nullptr);
  return exports;
}

}  // namespace

NODE_API_MODULE(sct_watch, Init)
