// JS <-> C++ conversions for the addon: launch options and actions in (checked strictly through
// js_args.h: a missing or mistyped field throws, nothing defaults), events and the exit out.
#include "convert.h"

#include <linux/filter.h>

#include <csignal>
#include <cstring>
#include <map>

#include "js_args.h"
#include "kernel_features.h"
#include "notif_exec.h"

namespace sct {
namespace {

using sct_js::At;
using sct_js::Fields;

// 2^53 - 1: the largest count or duration a JS number holds exactly.
constexpr int64_t kSafe = 9007199254740991;

[[noreturn]] void fail(Napi::Env env, const std::string& code, const std::string& msg) {
  Napi::Error e = Napi::Error::New(env, msg);
  e.Set("code", Napi::String::New(env, code));
  throw e;
}

std::vector<int> syscall_numbers(const Fields& f, const char* key) {
  At at = f.at(key);
  const char* what = "a syscall number (0 to 4095)";
  return sct_js::elements(at, f.array(key, "an array of syscall numbers"),
                          [&](const At& e, Napi::Value v) { return (int)sct_js::integer(e, v, 0, 4095, what); });
}

// The fields each action type needs: FAIL its errno, RETURN its value, and so on.
void require(const Fields& f, int type) {
  auto need = [&](const char* key, const char* why) {
    if (!f.has(key)) f.at(key).type(std::string("set (") + why + ")", f.get(key));
  };
  switch (type) {
    case SCT_ACT_FAIL: need("errno", "FAIL returns it"); break;
    case SCT_ACT_RETURN: need("value", "RETURN returns it"); break;
    case SCT_ACT_ALTER_RET: need("value", "ALTER_RET places it"); break;
    case SCT_ACT_DELAY: need("us", "DELAY waits that long"); break;
    case SCT_ACT_KILL: need("signal", "KILL sends it"); break;
    case SCT_ACT_ALTER_REG:
      need("arg", "ALTER_REG changes that argument");
      need("value", "ALTER_REG places it");
      break;
    case SCT_ACT_ALTER_MEM:
      need("arg", "ALTER_MEM changes that argument's memory");
      if (f.has("sockField")) need("value", "ALTER_MEM of a sockaddr field places it");
      else need("bytes", "ALTER_MEM places them, unless it changes a sockaddr's `sockField`");
      break;
  }
}

}  // namespace

void parse_action(const At& at, Napi::Value v, Action* out) {
  Fields f(at, v);
  Action& act = *out;
  act.type = (int)f.integer("type", SCT_ACT_LOG, SCT_ACT_NONE, "a NativeActionType (" + std::to_string(SCT_ACT_LOG) + " to " + std::to_string(SCT_ACT_NONE) + ")");
  require(f, act.type);
  act.err = (int)f.opt_integer("errno", 1, 4095, "an errno between 1 and 4095").value_or(0);
  act.value = f.opt_bigint64("value").value_or(0);
  act.us = (uint64_t)f.opt_integer("us", 0, kSafe, "a non-negative integer (microseconds)").value_or(0);
  act.sig = (int)f.opt_integer("signal", 1, NSIG - 1, "a signal number between 1 and " + std::to_string(NSIG - 1)).value_or(SIGKILL);
  act.arg = (int)f.opt_integer("arg", 0, 5, "an argument index between 0 and 5").value_or(0);
  if (f.has("bytes")) {
    auto b = f.bytes("bytes");
    act.bytes.assign(b.begin(), b.end());
  }
  act.sock_field = (int)f.opt_integer("sockField", SCT_SOCK_FAMILY, SCT_SOCK_PORT, "a sockaddr field (enum sct_sock_field: 0 or 1)").value_or(-1);
}

namespace {

void parse_trigger(const Fields& t, Trigger* out) {
  Trigger& tr = *out;
  tr.first = (uint64_t)t.integer("first", 1, kSafe, "a positive integer");
  tr.last = (uint64_t)t.integer("last", 0, kSafe, "a non-negative integer");
  if (tr.last != 0 && tr.last < tr.first) t.at("last").range("0 (unbounded) or at least `first` (" + std::to_string(tr.first) + ")", t.get("last"));
  tr.step = (uint64_t)t.integer("step", 1, kSafe, "a positive integer");
  tr.p = t.number("p", 0, 1, "a probability between 0 and 1");
  tr.seed = (uint64_t)t.integer("seed", 0, kSafe, "a non-negative integer");
  tr.max = (uint64_t)t.integer("max", 0, kSafe, "a non-negative integer (0: no limit)");
  tr.scope = (int)t.integer("scope", 0, 2, "0 (tree), 1 (process) or 2 (thread)");
}

std::unique_ptr<Rule> parse_rule(const At& at, Napi::Value v) {
  Fields r(at, v);
  Napi::Env env = at.env;
  auto rule = std::make_unique<Rule>();
  rule->id = (int)r.integer("id", 0, INT32_MAX, "a non-negative integer");
  rule->tier = (int)r.integer("tier", 1, 3, "1, 2 or 3");
  rule->phase = (int)r.integer("phase", 0, 1, "0 (before the call) or 1 (after it)");
  rule->nrs = syscall_numbers(r, "nrs");
  rule->compat_nrs = syscall_numbers(r, "compatNrs");
  rule->report = r.boolean("report");
  rule->proc_info = r.opt_boolean("procInfo");
  rule->fd_paths = r.opt_boolean("fdPaths");
  rule->fd_info = r.opt_boolean("fdInfo");
  if (r.has("bufMax")) rule->buf_max = (uint32_t)r.integer("bufMax", 1, 1 << 30, "a byte count from 1 to 2^30");
  rule->blob = r.bytes("prog");
  parse_action(r.at("action"), r.get("action"), &rule->action);
  parse_trigger(r.sub("trigger"), &rule->trig);
  std::string where = "rule " + std::to_string(rule->id);
  if (!rule->blob.empty()) {
    std::string e = prog_verify(rule->blob.data(), rule->blob.size(), &rule->prog);
    if (!e.empty()) fail(env, "SCT_RULE", where + ": invalid filter program: " + e);
    rule->has_prog = true;
  }
  const Action& act = rule->action;
  if (rule->tier == 2 && rule->phase == 0 && (act.type == SCT_ACT_ALTER_REG || act.type == SCT_ACT_ALTER_RET))
    fail(env, "SCT_RULE", where + ": ALTER_REG/ALTER_RET need tier 3 (ptrace)");
  if (rule->tier == 2 && rule->phase == 1) {
    // After-rules the supervisor runs itself (notif_exec.h): they set the result, nothing else.
    bool calls = !rule->compat_nrs.size();
    for (int nr : rule->nrs) calls = calls && exec_call(false, nr);
    if (!calls || !features().notif_exec || (act.type != SCT_ACT_FAIL && act.type != SCT_ACT_RETURN && act.type != SCT_ACT_ALTER_RET))
      fail(env, "SCT_RULE", where + ": tier 2 acts after the call only for FAIL, RETURN and ALTER of the result of write, pwrite64, read, pread64, fsync, fdatasync and ftruncate (notif_exec); use tier 3 for after");
  }
  if (rule->tier == 3 && rule->phase == 0 && act.type == SCT_ACT_ALTER_RET)
    fail(env, "SCT_RULE", where + ": ALTER_RET applies after the call (phase 1)");
  if (rule->tier == 3 && rule->phase == 1 && (act.type == SCT_ACT_ALTER_REG || act.type == SCT_ACT_ALTER_MEM))
    fail(env, "SCT_RULE", where + ": ALTER_REG/ALTER_MEM apply before the call (phase 0)");
  return rule;
}

}  // namespace

void parse_launch_options(Napi::Env env, Napi::Value v, Session& s, LaunchCallbacks* fns) {
  Fields o(At{env, "launch", ""}, sct_js::object(At{env, "launch", "options"}, v));
  s.file = o.string("file", true);
  auto strings = [](const At& e, Napi::Value x) { return sct_js::string(e, x); };
  s.argv = sct_js::elements(o.at("argv"), o.array("argv", "a non-empty array of strings"), strings);
  if (s.argv.empty()) o.at("argv").range("a non-empty array of strings", o.get("argv"));
  s.envp = sct_js::elements(o.at("envp"), o.array("envp", "an array of strings"), strings);
  s.cwd = o.string("cwd", true);
  if (s.cwd[0] != '/') o.at("cwd").range("an absolute path", o.get("cwd"));
  Napi::Array stdio = o.array("stdio", "an array of 3 fds (-1: /dev/null)");
  if (stdio.Length() != 3) o.at("stdio").range("an array of 3 fds (-1: /dev/null)", stdio);
  for (uint32_t i = 0; i < 3; i++) s.stdio[i] = (int)sct_js::integer(o.at("stdio").index(i), stdio.Get(i), -1, INT32_MAX, "a file descriptor, or -1 for /dev/null");
  auto bpf = o.bytes("bpf");
  if (bpf.size() % sizeof(sock_filter) || bpf.size() / sizeof(sock_filter) > BPF_MAXINSNS)
    o.at("bpf").range("a Uint8Array of 0 to " + std::to_string(BPF_MAXINSNS) + " struct sock_filter (8 bytes each)", o.get("bpf"));
  s.filter.resize(bpf.size() / sizeof(sock_filter));
  if (!bpf.empty()) memcpy(s.filter.data(), bpf.data(), bpf.size());
  s.need_notify = o.boolean("needsNotify");
  s.need_ptrace = o.boolean("needsPtrace");
  s.timeout_ms = (uint64_t)o.integer("timeoutMs", 0, kSafe, "a non-negative integer (ms; 0: none)");
  s.callback_timeout_ms = (uint64_t)o.opt_integer("callbackTimeoutMs", 0, kSafe, "a non-negative integer (ms)").value_or(5000);
  fns->on_events = o.function("onEvents");
  fns->on_exit = o.function("onExit");
  if (o.has("onCallback")) fns->on_callback = o.function("onCallback");
  Napi::Array ra = o.array("rules", "an array of NativeRule");
  bool has2 = false, has3 = false;
  for (uint32_t i = 0; i < ra.Length(); i++) {
    auto r = parse_rule(o.at("rules").index(i), ra.Get(i));
    if (r->tier == 1) continue;  // decided in the BPF filter
    has2 |= r->tier == 2;
    has3 |= r->tier == 3;
    s.rules.add(std::move(r));
  }
  s.has_callback = false;
  for (auto& r : s.rules.all())
    if (r->action.type == SCT_ACT_CALLBACK) s.has_callback = true;
  if (s.has_callback && fns->on_callback.IsEmpty()) o.at("onCallback").type("a function (rules with CALLBACK actions ask it)", o.get("onCallback"));
  if (has2 && !s.need_notify) o.at("needsNotify").invalid("must be true for tier-2 rules");
  if (has3 && !s.need_ptrace) o.at("needsPtrace").invalid("must be true for tier-3 rules");
  if ((s.need_notify || has3) && s.filter.empty()) o.at("bpf").invalid("must hold a filter that routes the calls of tier-2/3 rules");
  const Features& f = features();
  auto lacks = [&](const std::string& what, const char* since) {
    fail(env, "SCT_FEATURE", std::string("this kernel (") + kernel_release() + ") lacks " + what + " (Linux " + since +
                                 " or later); the rules need it");
  };
  if (!s.filter.empty() && !f.seccomp_filter) lacks("seccomp filters (SECCOMP_SET_MODE_FILTER)", "3.17");
  if (s.need_notify && !f.user_notif) lacks("seccomp user notification (SECCOMP_RET_USER_NOTIF)", "5.0");
  if (s.need_notify && !f.notif_continue) lacks("SECCOMP_USER_NOTIF_FLAG_CONTINUE", "5.5");
  if ((s.need_notify || s.need_ptrace) && !f.process_vm_readv) lacks("process_vm_readv", "3.2");
  if (s.need_ptrace && !f.ptrace_syscall_info) lacks("PTRACE_GET_SYSCALL_INFO", "5.3");
}

static Napi::Object mem_to_js(Napi::Env env, const std::vector<MemVal>& mem) {
  Napi::Object m = Napi::Object::New(env);
  for (const MemVal& v : mem) {
    if (v.is_str) {
      m.Set(v.arg, Napi::String::New(env, v.data));
    } else {
      auto buf = Napi::Uint8Array::New(env, v.data.size());
      memcpy(buf.Data(), v.data.data(), v.data.size());
      m.Set(v.arg, buf);
    }
  }
  return m;
}

Napi::Object callback_request_to_js(Napi::Env env, const Session::CallbackRequest& r) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("ruleId", r.rule_id);
  o.Set("pid", r.pid);
  o.Set("tid", r.tid);
  o.Set("nr", r.nr);
  o.Set("phase", r.phase);
  o.Set("arch", Napi::Number::New(env, r.arch));
  Napi::Array a = Napi::Array::New(env, 6);
  for (uint32_t j = 0; j < 6; j++) a.Set(j, Napi::BigInt::New(env, r.args[j]));
  o.Set("args", a);
  if (r.has_ret) o.Set("retval", Napi::BigInt::New(env, r.retval));
  o.Set("mem", mem_to_js(env, r.mem));
  return o;
}

static Napi::Object proc_to_js(Napi::Env env, const ProcFacts& f) {
  Napi::Object o = Napi::Object::New(env);
  if (!f.comm.empty()) o.Set("comm", f.comm);
  if (!f.exe.empty()) o.Set("exe", f.exe);
  if (!f.cwd.empty()) o.Set("cwd", f.cwd);
  if (f.ppid >= 0) o.Set("ppid", Napi::Number::New(env, (double)f.ppid));
  if (f.uid >= 0) o.Set("uid", Napi::Number::New(env, (double)f.uid));
  return o;
}

Napi::Array events_to_js(Napi::Env env, const std::vector<Event>& events) {
  Napi::Array arr = Napi::Array::New(env, events.size());
  for (size_t i = 0; i < events.size(); i++) {
    const Event& e = events[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("kind", e.kind);
    o.Set("time", Napi::BigInt::New(env, e.time));
    o.Set("pid", e.pid);
    o.Set("tid", e.tid);
    if (e.kind == EV_RULE) {
      o.Set("ruleId", e.rule_id);
      o.Set("nr", e.nr);
      o.Set("arch", Napi::Number::New(env, e.arch));
      o.Set("phase", e.phase);
      o.Set("acted", e.acted == 1);
    }
    if (e.has_args) {
      Napi::Array a = Napi::Array::New(env, 6);
      for (uint32_t j = 0; j < 6; j++) a.Set(j, Napi::BigInt::New(env, e.args[j]));
      o.Set("args", a);
    }
    if (!e.mem.empty()) o.Set("mem", mem_to_js(env, e.mem));
    if (e.proc.has) o.Set("proc", proc_to_js(env, e.proc));
    if (e.has_ret) {
      o.Set("retval", Napi::BigInt::New(env, e.retval));
      o.Set("seen", Napi::BigInt::New(env, e.seen));
    }
    if (e.has_child) o.Set("child", e.child);
    if (e.has_status) o.Set("status", e.status);
    if (!e.message.empty()) o.Set("message", e.message);
    arr.Set((uint32_t)i, o);
  }
  return arr;
}

Napi::Object exit_to_js(Napi::Env env, const ExitInfo& x) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("exitCode", x.exit_code >= 0 ? Napi::Number::New(env, x.exit_code) : env.Null());
  o.Set("signal", x.signal ? Napi::Number::New(env, x.signal) : env.Null());
  o.Set("timedOut", x.timed_out);
  o.Set("keeperLost", x.keeper_lost);
  Napi::Object counts = Napi::Object::New(env);
  for (auto& c : x.counts) {
    Napi::Object v = Napi::Object::New(env);
    v.Set("matched", Napi::Number::New(env, (double)c.second.first));
    v.Set("acted", Napi::Number::New(env, (double)c.second.second));
    counts.Set(c.first, v);
  }
  o.Set("counts", counts);
  return o;
}

namespace {
// Input for evalProg: strings keyed as documented in native-binding.ts.
class JsInput : public ProgInput {
 public:
  int64_t args[6] = {};
  std::vector<int64_t> vars;
  std::map<int, std::string> strings;
  int64_t arg(int i) override { return args[i]; }
  bool var(int which, int64_t* out) override {
    if (which >= (int)vars.size()) return false;
    *out = vars[which];
    return true;
  }
  bool str(int src, int argi, std::string* out) override {
    int key = src == SCT_STR_ARG || src == SCT_STR_FD_PATH ? argi : src == SCT_STR_COMM ? 10 : src == SCT_STR_EXE ? 11 : 12;
    auto it = strings.find(key);
    if (it == strings.end()) return false;
    *out = it->second;
    return true;
  }
  bool sock(int argi, int, std::string* raw) override { return str(SCT_STR_ARG, argi, raw); }
};
}  // namespace

bool eval_with_js_input(const At& at, const Prog& p, Napi::Value input) {
  Fields f(at, input);
  JsInput in;
  Napi::Array args = f.array("args", "an array of at most 6 bigints");
  if (args.Length() > 6) f.at("args").range("an array of at most 6 bigints", args);
  for (uint32_t i = 0; i < args.Length(); i++) in.args[i] = sct_js::bigint64(f.at("args").index(i), args.Get(i));
  if (f.has("vars")) {
    const std::string what = "an array of at most " + std::to_string(SCT_VAR_GID + 1) + " integers (by enum sct_var)";
    Napi::Array vars = f.array("vars", what);
    if (vars.Length() > SCT_VAR_GID + 1) f.at("vars").range(what, vars);
    in.vars = sct_js::elements(f.at("vars"), vars, [](const At& e, Napi::Value v) { return sct_js::integer(e, v, -kSafe, kSafe, "an integer"); });
  }
  if (f.has("strings")) {
    Napi::Object so = sct_js::object(f.at("strings"), f.get("strings"));
    Napi::Array keys = so.GetPropertyNames();
    for (uint32_t i = 0; i < keys.Length(); i++) {
      std::string k = keys.Get(i).ToString().Utf8Value();
      At e{at.env, at.fn, f.at("strings").field + "[" + k + "]"};
      int key = k.size() <= 2 && k.find_first_not_of("0123456789") == std::string::npos ? atoi(k.c_str()) : -1;
      if (!(key >= 0 && key <= 5) && !(key >= 10 && key <= 12))
        f.at("strings").invalid("has the key `" + k + "`; the keys are 0-5 (arguments), 10 (comm), 11 (exe) and 12 (cwd)");
      Napi::Value val = so.Get(k);
      if (val.IsString()) {
        in.strings[key] = val.As<Napi::String>().Utf8Value();  // raw sockaddr bytes may hold NULs
      } else {
        if (!val.IsTypedArray()) e.type("a string or a Uint8Array", val);
        auto b = sct_js::bytes(e, val);
        in.strings[key].assign(b.begin(), b.end());
      }
    }
  }
  return prog_eval(p, in);
}

}  // namespace sct
