#include "convert.h"

#include <linux/filter.h>

#include <cstring>
#include <map>

#include "kernel_features.h"

namespace sct {
namespace {

[[noreturn]] void fail(Napi::Env env, const std::string& code, const std::string& msg) {
  Napi::Error e = Napi::Error::New(env, msg);
  e.Set("code", Napi::String::New(env, code));
  throw e;
}

std::string str(Napi::Env env, Napi::Object o, const char* key) {
  Napi::Value v = o.Get(key);
  if (!v.IsString()) fail(env, "SCT_USAGE", std::string("launch: `") + key + "` must be a string");
  return v.As<Napi::String>().Utf8Value();
}

std::vector<std::string> strs(Napi::Env env, Napi::Object o, const char* key) {
  Napi::Value v = o.Get(key);
  if (!v.IsArray()) fail(env, "SCT_USAGE", std::string("launch: `") + key + "` must be an array of strings");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<std::string> out;
  for (uint32_t i = 0; i < a.Length(); i++) {
    Napi::Value e = a.Get(i);
    if (!e.IsString()) fail(env, "SCT_USAGE", std::string("launch: `") + key + "[" + std::to_string(i) + "]` must be a string");
    std::string s = e.As<Napi::String>().Utf8Value();
    if (s.find('\0') != std::string::npos) fail(env, "SCT_USAGE", std::string("launch: `") + key + "` contains a NUL byte");
    out.push_back(std::move(s));
  }
  return out;
}

double num(Napi::Object o, const char* key, double dflt) {
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : dflt;
}

bool flag(Napi::Object o, const char* key) {
  Napi::Value v = o.Get(key);
  return v.IsBoolean() && v.As<Napi::Boolean>().Value();
}

int64_t big(Napi::Object o, const char* key) {
  Napi::Value v = o.Get(key);
  if (v.IsBigInt()) {
    bool lossless;
    return v.As<Napi::BigInt>().Int64Value(&lossless);
  }
  if (v.IsNumber()) return v.As<Napi::Number>().Int64Value();
  return 0;
}

std::vector<uint8_t> bytes(Napi::Value v) {
  if (!v.IsTypedArray()) return {};
  auto t = v.As<Napi::TypedArray>();
  auto* p = static_cast<uint8_t*>(t.ArrayBuffer().Data()) + t.ByteOffset();
  return std::vector<uint8_t>(p, p + t.ByteLength());
}

std::vector<int> ints(Napi::Value v) {
  std::vector<int> out;
  if (!v.IsArray()) return out;
  Napi::Array a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); i++) out.push_back(a.Get(i).As<Napi::Number>().Int32Value());
  return out;
}

}  // namespace

std::string parse_action(Napi::Object a, Action* out) {
  Action& act = *out;
  act.type = (int)num(a, "type", SCT_ACT_NONE);
  act.err = (int)num(a, "errno", 0);
  act.value = big(a, "value");
  act.us = (uint64_t)num(a, "us", 0);
  act.sig = (int)num(a, "signal", 9);
  act.arg = (int)num(a, "arg", 0);
  auto b = bytes(a.Get("bytes"));
  act.bytes.assign(b.begin(), b.end());
  act.sock_field = (int)num(a, "sockField", -1);
  if (act.type < SCT_ACT_LOG || act.type > SCT_ACT_NONE) return "unknown action type " + std::to_string(act.type);
  if (act.arg < 0 || act.arg > 5) return "argument index " + std::to_string(act.arg) + " out of range";
  return "";
}

namespace {

std::unique_ptr<Rule> parse_rule(Napi::Env env, Napi::Object r) {
  auto rule = std::make_unique<Rule>();
  rule->id = (int)num(r, "id", 0);
  rule->tier = (int)num(r, "tier", 2);
  rule->phase = (int)num(r, "phase", 0);
  rule->nrs = ints(r.Get("nrs"));
  rule->compat_nrs = ints(r.Get("compatNrs"));
  rule->report = flag(r, "report");
  rule->proc_info = flag(r, "procInfo");
  rule->fd_paths = flag(r, "fdPaths");
  std::string where = "rule " + std::to_string(rule->id);
  rule->blob = bytes(r.Get("prog"));
  if (!rule->blob.empty()) {
    std::string e = prog_verify(rule->blob.data(), rule->blob.size(), &rule->prog);
    if (!e.empty()) fail(env, "SCT_RULE", where + ": invalid filter program: " + e);
    rule->has_prog = true;
  }
  if (!r.Get("action").IsObject()) fail(env, "SCT_USAGE", where + ": `action` must be an object");
  Action& act = rule->action;
  std::string problem = parse_action(r.Get("action").As<Napi::Object>(), &act);
  if (!problem.empty()) fail(env, "SCT_RULE", where + ": " + problem);
  if (rule->tier == 2) {
    if (rule->phase != 0) fail(env, "SCT_RULE", where + ": tier 2 (user notification) acts before the call only; use tier 3 for after");
    if (act.type == SCT_ACT_ALTER_REG || act.type == SCT_ACT_ALTER_RET)
      fail(env, "SCT_RULE", where + ": ALTER_REG/ALTER_RET need tier 3 (ptrace)");
  }
  if (rule->tier == 3 && rule->phase == 0 && act.type == SCT_ACT_ALTER_RET)
    fail(env, "SCT_RULE", where + ": ALTER_RET applies after the call (phase 1)");
  if (rule->tier == 3 && rule->phase == 1 && (act.type == SCT_ACT_ALTER_REG || act.type == SCT_ACT_ALTER_MEM))
    fail(env, "SCT_RULE", where + ": ALTER_REG/ALTER_MEM apply before the call (phase 0)");
  if (r.Get("trigger").IsObject()) {
    Napi::Object t = r.Get("trigger").As<Napi::Object>();
    Trigger& tr = rule->trig;
    tr.first = (uint64_t)num(t, "first", 1);
    tr.last = (uint64_t)num(t, "last", 0);
    tr.step = (uint64_t)num(t, "step", 1);
    tr.p = num(t, "p", 1);
    tr.seed = (uint64_t)num(t, "seed", 0);
    tr.max = (uint64_t)num(t, "max", 0);
    tr.scope = (int)num(t, "scope", 0);
    if (tr.first == 0) tr.first = 1;
  }
  return rule;
}

}  // namespace

void parse_launch_options(Napi::Env env, Napi::Object o, Session& s) {
  s.file = str(env, o, "file");
  s.argv = strs(env, o, "argv");
  s.envp = strs(env, o, "envp");
  s.cwd = str(env, o, "cwd");
  Napi::Value sv = o.Get("stdio");
  if (!sv.IsArray() || sv.As<Napi::Array>().Length() != 3) fail(env, "SCT_USAGE", "launch: `stdio` must be an array of 3 fds");
  for (int i = 0; i < 3; i++) s.stdio[i] = sv.As<Napi::Array>().Get(i).As<Napi::Number>().Int32Value();
  auto bpf = bytes(o.Get("bpf"));
  if (bpf.size() % sizeof(sock_filter) || bpf.size() / sizeof(sock_filter) > BPF_MAXINSNS)
    fail(env, "SCT_USAGE", "launch: `bpf` must hold 0 to 4096 struct sock_filter (8 bytes each), got " + std::to_string(bpf.size()) + " bytes");
  s.filter.resize(bpf.size() / sizeof(sock_filter));
  if (!bpf.empty()) memcpy(s.filter.data(), bpf.data(), bpf.size());
  s.need_notify = flag(o, "needsNotify");
  s.need_ptrace = flag(o, "needsPtrace");
  s.timeout_ms = (uint64_t)num(o, "timeoutMs", 0);
  s.callback_timeout_ms = (uint64_t)num(o, "callbackTimeoutMs", 5000);
  if (!o.Get("onEvents").IsFunction() || !o.Get("onExit").IsFunction())
    fail(env, "SCT_USAGE", "launch: `onEvents` and `onExit` must be functions");
  Napi::Value rv = o.Get("rules");
  if (!rv.IsArray()) fail(env, "SCT_USAGE", "launch: `rules` must be an array");
  Napi::Array ra = rv.As<Napi::Array>();
  bool has2 = false, has3 = false;
  for (uint32_t i = 0; i < ra.Length(); i++) {
    if (!ra.Get(i).IsObject()) fail(env, "SCT_USAGE", "launch: `rules[" + std::to_string(i) + "]` must be an object");
    auto r = parse_rule(env, ra.Get(i).As<Napi::Object>());
    if (r->tier == 1) continue;  // decided in the BPF filter
    has2 |= r->tier == 2;
    has3 |= r->tier == 3;
    s.rules.add(std::move(r));
  }
  s.has_callback = false;
  for (auto& r : s.rules.all())
    if (r->action.type == SCT_ACT_CALLBACK) s.has_callback = true;
  if (s.has_callback && !o.Get("onCallback").IsFunction())
    fail(env, "SCT_USAGE", "launch: rules with CALLBACK actions need an `onCallback` function");
  if (has2 && !s.need_notify) fail(env, "SCT_USAGE", "launch: tier-2 rules need `needsNotify: true`");
  if (has3 && !s.need_ptrace) fail(env, "SCT_USAGE", "launch: tier-3 rules need `needsPtrace: true`");
  if ((s.need_notify || has3) && s.filter.empty()) fail(env, "SCT_USAGE", "launch: tier-2/3 rules need a `bpf` filter that routes their calls");
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

bool eval_with_js_input(Napi::Env env, const Prog& p, Napi::Object input) {
  JsInput in;
  Napi::Value av = input.Get("args");
  if (av.IsArray()) {
    Napi::Array a = av.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length() && i < 6; i++) {
      Napi::Value v = a.Get(i);
      bool lossless;
      in.args[i] = v.IsBigInt() ? v.As<Napi::BigInt>().Int64Value(&lossless) : v.As<Napi::Number>().Int64Value();
    }
  }
  Napi::Value vv = input.Get("vars");
  if (vv.IsArray())
    for (uint32_t i = 0; i < vv.As<Napi::Array>().Length(); i++) in.vars.push_back(vv.As<Napi::Array>().Get(i).As<Napi::Number>().Int64Value());
  Napi::Value sv = input.Get("strings");
  if (sv.IsObject()) {
    Napi::Object so = sv.As<Napi::Object>();
    Napi::Array keys = so.GetPropertyNames();
    for (uint32_t i = 0; i < keys.Length(); i++) {
      std::string k = keys.Get(i).As<Napi::String>().Utf8Value();
      Napi::Value val = so.Get(k);
      std::string s;
      if (val.IsString()) s = val.As<Napi::String>().Utf8Value();
      else if (val.IsTypedArray()) {
        auto b = bytes(val);
        s.assign(b.begin(), b.end());
      }
      in.strings[atoi(k.c_str())] = s;
    }
  }
  (void)env;
  return prog_eval(p, in);
}

}  // namespace sct
