// The N-API surface: launch, features, progCheck, evalProg, mkfifo (harness/src/engine/native-binding.ts
// types it; harness/src/engine/native.ts validates arguments and is what the rest imports).
#include <napi.h>

#include <signal.h>
#include <string.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>

#include "convert.h"
#include "fifo.h"
#include "kernel_features.h"
#include "prog_host.h"
#include "sct/prog_check.h"
#include "session.h"

namespace sct {
namespace {

// Sessions still running, for the env cleanup hook (Node exiting with targets alive).
struct Live {
  std::shared_ptr<Session> s;
  Napi::ThreadSafeFunction tsfn;
  bool has_cb = false;
  Napi::ThreadSafeFunction cb;  // onCallback, when a rule has a CALLBACK action
};

// One CALLBACK question from a supervisor thread, answered on the JS thread.
struct CbCall {
  Session::CallbackRequest req;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false, has = false;
  Action action;
  std::string problem;
};

// The session's callback hook: queue the question to JS and wait for the answer. The wait ends
// early when the session is aborted (env teardown: the JS thread will never answer).
std::function<bool(const Session::CallbackRequest&, Action*, std::string*)> make_callback(Napi::ThreadSafeFunction cb, Session* s) {
  return [cb, s](const Session::CallbackRequest& req, Action* out, std::string* problem) mutable -> bool {
    if (!s->js_ready) {
      *problem = "called before launch() returned (the JS thread is busy launching); the call runs unchanged";
      return false;
    }
    auto call = std::make_shared<CbCall>();
    call->req = req;
    auto* holder = new std::shared_ptr<CbCall>(call);
    napi_status st = cb.NonBlockingCall(holder, [](Napi::Env env, Napi::Function fn, std::shared_ptr<CbCall>* h) {
      std::shared_ptr<CbCall> c = *h;
      delete h;
      bool has = false;
      Action a;
      std::string problem;
      try {
        Napi::Value r = fn.Call({callback_request_to_js(env, c->req)});
        if (r.IsObject()) {
          problem = parse_action(r.As<Napi::Object>(), &a);
          has = problem.empty();
          if (has && a.type == A_CALLBACK) {
            has = false;
            problem = "a callback cannot answer CALLBACK";
          }
        } else if (!r.IsUndefined() && !r.IsNull()) {
          problem = "the answer must be an action object or undefined";
        }
      } catch (const Napi::Error& e) {
        problem = std::string("threw: ") + e.Message();
      }
      std::lock_guard<std::mutex> g(c->mu);
      c->done = true;
      c->has = has;
      c->action = std::move(a);
      c->problem = std::move(problem);
      c->cv.notify_all();
    });
    if (st != napi_ok) {
      delete holder;
      *problem = "cannot reach the JS thread; the call runs unchanged";
      return false;
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(s->callback_timeout_ms);
    std::unique_lock<std::mutex> lk(call->mu);
    while (!call->done) {
      if (s->aborted()) return false;
      if (std::chrono::steady_clock::now() >= deadline) {
        *problem = "no answer within " + std::to_string(s->callback_timeout_ms) + " ms; the call runs unchanged";
        return false;
      }
      call->cv.wait_for(lk, std::chrono::milliseconds(50));
    }
    *problem = call->problem;
    if (call->has) *out = call->action;
    return call->has;
  };
}
std::mutex g_live_mu;
std::set<std::shared_ptr<Live>> g_live;

void cleanup_hook(void*) {
  std::set<std::shared_ptr<Live>> all;
  {
    std::lock_guard<std::mutex> g(g_live_mu);
    all.swap(g_live);
  }
  for (auto& l : all) {
    l->s->abort_and_join();
    l->tsfn.Abort();
    if (l->has_cb) l->cb.Abort();
  }
}

struct Delivery {
  std::vector<Event> events;
  std::unique_ptr<ExitInfo> exit;
};

Napi::Value Launch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) throw Napi::TypeError::New(env, "launch: options must be an object");
  Napi::Object o = info[0].As<Napi::Object>();
  auto s = std::make_shared<Session>();
  parse_launch_options(env, o, *s);  // throws on bad input, unsupported rules, missing features

  auto on_events = std::make_shared<Napi::FunctionReference>(Napi::Persistent(o.Get("onEvents").As<Napi::Function>()));
  auto on_exit = std::make_shared<Napi::FunctionReference>(Napi::Persistent(o.Get("onExit").As<Napi::Function>()));
  auto live = std::make_shared<Live>();
  live->s = s;
  live->tsfn = Napi::ThreadSafeFunction::New(env, o.Get("onEvents").As<Napi::Function>(), "sct-supervisor", 0, 1);
  Napi::ThreadSafeFunction tsfn = live->tsfn;
  if (s->has_callback) {
    live->has_cb = true;
    live->cb = Napi::ThreadSafeFunction::New(env, o.Get("onCallback").As<Napi::Function>(), "sct-callback", 0, 1);
    s->callback = make_callback(live->cb, s.get());
  }
  std::weak_ptr<Live> weak = live;
  s->deliver = [tsfn, on_events, on_exit, weak](std::vector<Event>&& batch, std::unique_ptr<ExitInfo> exit) mutable {
    auto* d = new Delivery{std::move(batch), std::move(exit)};
    bool last = d->exit != nullptr;
    napi_status st = tsfn.BlockingCall(d, [on_events, on_exit, weak](Napi::Env env, Napi::Function, Delivery* d) {
      std::unique_ptr<Delivery> own(d);
      if (!own->events.empty()) {
        Napi::Array arr = events_to_js(env, own->events);
        on_events->Call({arr});
      }
      if (own->exit) {
        auto l = weak.lock();
        if (l) {
          l->s->join_control();
          if (l->has_cb) l->cb.Release();  // every supervisor thread is joined: no more questions
          std::lock_guard<std::mutex> g(g_live_mu);
          g_live.erase(l);
        }
        on_exit->Call({exit_to_js(env, *own->exit)});
      }
    });
    if (st != napi_ok) delete d;
    if (last) tsfn.Release();
  };

  LaunchError err;
  {
    std::lock_guard<std::mutex> g(g_live_mu);
    g_live.insert(live);
  }
  if (!s->launch(&err)) {
    {
      std::lock_guard<std::mutex> g(g_live_mu);
      g_live.erase(live);
    }
    live->tsfn.Release();
    if (live->has_cb) live->cb.Release();
    Napi::Error e = Napi::Error::New(env, err.message);
    e.Set("code", Napi::String::New(env, err.code));
    if (err.err) e.Set("errno", Napi::Number::New(env, err.err));
    if (!err.syscall.empty()) e.Set("syscall", Napi::String::New(env, err.syscall));
    throw e;
  }

  s->js_ready = true;
  // resume and kill hold the session weakly: it holds onExit (a persistent reference, a GC root)
  // whose closure holds these functions, so a strong hold here would be a cycle no GC breaks, and
  // every run would keep its session and its two eventfds. The session ends with the exit call.
  std::weak_ptr<Session> ws = s;
  Napi::Object sup = Napi::Object::New(env);
  sup.Set("pid", Napi::Number::New(env, s->target_pid()));
  sup.Set("resume", Napi::Function::New(env, [ws](const Napi::CallbackInfo& i) -> Napi::Value {
            if (!i[0].IsNumber()) throw Napi::TypeError::New(i.Env(), "resume: pid must be a number");
            auto s = ws.lock();
            return Napi::Boolean::New(i.Env(), s && s->resume(i[0].As<Napi::Number>().Int32Value()));
          }, "resume"));
  sup.Set("signal", Napi::Function::New(env, [ws](const Napi::CallbackInfo& i) -> Napi::Value {
            if (i.Length() != 1 || !i[0].IsNumber()) throw Napi::TypeError::New(i.Env(), "Usage: signal(sig)");
            int sig = i[0].As<Napi::Number>().Int32Value();
            if (sig < 1 || sig >= NSIG) throw Napi::RangeError::New(i.Env(), "signal: expected a signal number 1-" + std::to_string(NSIG - 1) + ", got " + std::to_string(sig));
            auto s = ws.lock();
            return Napi::Boolean::New(i.Env(), s && s->forward_signal(sig));
          }, "signal"));
  sup.Set("kill", Napi::Function::New(env, [ws](const Napi::CallbackInfo& i) -> Napi::Value {
            if (auto s = ws.lock()) s->kill_tree();
            return i.Env().Undefined();
          }, "kill"));
  return sup;
}

Napi::Value FeaturesJs(const Napi::CallbackInfo& info) {
  const sct::Features& f = features();
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("seccompFilter", f.seccomp_filter);
  o.Set("userNotif", f.user_notif);
  o.Set("notifContinue", f.notif_continue);
  o.Set("waitKillableRecv", f.wait_killable_recv);
  o.Set("pidfdGetfd", f.pidfd_getfd);
  o.Set("ptraceSyscallInfo", f.ptrace_syscall_info);
  o.Set("processVmReadv", f.process_vm_readv);
  o.Set("notifSyncWakeup", f.notif_sync_wakeup);
  o.Set("notifAddfd", f.notif_addfd);
  return o;
}

// progCheck(prog): null when include/sct/prog_check.h accepts the blob, else
// { fault: "BACKWARD_JUMP", message: "backward jump at instruction 1", index, constant }.
Napi::Value ProgCheck(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    throw Napi::TypeError::New(env, "Usage: progCheck(prog: Uint8Array)");
  auto u8 = info[0].As<Napi::Uint8Array>();
  sct_prog_verdict v = prog_check(u8.Data(), u8.ByteLength());
  if (v.fault == SCT_PF_OK) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set("fault", sct_prog_fault_name((unsigned)v.fault));
  o.Set("message", prog_fault_text(v));
  o.Set("index", v.insn);
  o.Set("constant", v.constant);
  return o;
}

Napi::Value EvalProg(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray()) throw Napi::TypeError::New(env, "evalProg: prog must be a Uint8Array");
  auto u8 = info[0].As<Napi::Uint8Array>();
  std::vector<uint8_t> blob(u8.Data(), u8.Data() + u8.ByteLength());
  Prog p;
  std::string e = prog_verify(blob.data(), blob.size(), &p);
  if (!e.empty()) throw Napi::Error::New(env, "evalProg: invalid program: " + e);
  if (!info[1].IsObject()) throw Napi::TypeError::New(env, "evalProg: input must be an object");
  return Napi::Boolean::New(env, eval_with_js_input(env, p, info[1].As<Napi::Object>()));
}

// mkfifo(path, mode): throws an Error like Node's fs errors (code = errno name, errno, syscall, path).
Napi::Value Mkfifo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "mkfifo: path must be a string");
  std::string path = info[0].As<Napi::String>().Utf8Value();
  if (path.empty() || path.find('\0') != std::string::npos) {
    throw Napi::TypeError::New(env, "mkfifo: path must be non-empty and hold no NUL byte");
  }
  if (!info[1].IsNumber()) throw Napi::TypeError::New(env, "mkfifo: mode must be a number");
  double mode = info[1].As<Napi::Number>().DoubleValue();
  if (!(mode >= 0 && mode <= 07777) || mode != static_cast<int>(mode)) {
    throw Napi::TypeError::New(env, "mkfifo: mode must be an integer between 0 and 0o7777");
  }
  const char* call = "";
  int r = make_fifo(path.c_str(), static_cast<mode_t>(mode), &call);
  if (r == 0) return env.Undefined();
  const char* name = strerrorname_np(-r);
  std::string code = name ? name : "E" + std::to_string(-r);
  Napi::Error e = Napi::Error::New(env, std::string(call) + " " + path + ": " + code + " (" + strerror(-r) + ")");
  e.Set("code", Napi::String::New(env, code));
  e.Set("errno", Napi::Number::New(env, -r));
  e.Set("syscall", Napi::String::New(env, call));
  e.Set("path", Napi::String::New(env, path));
  throw e;
}

}  // namespace
}  // namespace sct

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  using namespace sct;
  napi_add_env_cleanup_hook(env, cleanup_hook, nullptr);
  exports.Set("launch", Napi::Function::New(env, Launch, "launch"));
  exports.Set("features", Napi::Function::New(env, FeaturesJs, "features"));
  exports.Set("progCheck", Napi::Function::New(env, ProgCheck, "progCheck"));
  exports.Set("evalProg", Napi::Function::New(env, EvalProg, "evalProg"));
  exports.Set("mkfifo", Napi::Function::New(env, Mkfifo, "mkfifo"));
  exports.Set("errnoText", Napi::Function::New(env, [](const Napi::CallbackInfo& i) -> Napi::Value {
                if (i.Length() != 1 || !i[0].IsNumber()) throw Napi::TypeError::New(i.Env(), "Usage: errnoText(errno)");
                // glibc's own text, whatever the locale: what strace prints after the errno name.
                const char* text = strerrordesc_np(i[0].As<Napi::Number>().Int32Value());
                return text ? Napi::Value(Napi::String::New(i.Env(), text)) : i.Env().Null();
              }, "errnoText"));
  exports.Set("becomeSubreaper", Napi::Function::New(env, [](const Napi::CallbackInfo& i) -> Napi::Value {
                if (i.Length() != 0) throw Napi::TypeError::New(i.Env(), "Usage: becomeSubreaper()");
                return Napi::Boolean::New(i.Env(), sct::become_subreaper());
              }, "becomeSubreaper"));
  return exports;
}

NODE_API_MODULE(sct_native, InitAddon)
