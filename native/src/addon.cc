// The N-API surface: launch, features, progCheck, evalProg, mkfifo, errnoText, becomeSubreaper
// (harness/src/engine/native-binding.ts types it; harness/src/engine/native.ts wraps it and is what
// the rest imports). Each entry point checks its arguments here, once, strictly (js_args.h): the
// count, then every field, with a TypeError/RangeError naming the function and the field.
#include <napi.h>

#include <signal.h>
#include <string.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "convert.h"
#include "fifo.h"
#include "js_args.h"
#include "kernel_features.h"
#include "prog_host.h"
#include "sct/prog_check.h"
#include "sct/tables.h"
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

// execve and execveat, by ABI (the x32 bit already cleared): launch() returns only once the exec
// has happened, so a question about the exec itself cannot wait for it.
bool is_exec_call(int nr, uint32_t arch) {
  switch (arch) {
    case SCT_AUDIT_ARCH_I386:
      return nr == 11 || nr == 358;  // i386 execve, execveat
    case SCT_AUDIT_ARCH_AARCH64:
      return nr == SCT_AARCH64_NR_execve || nr == SCT_AARCH64_NR_execveat;
    default:
      return nr == SCT_X86_64_NR_execve || nr == SCT_X86_64_NR_execveat || nr == 520 || nr == 545;  // and x32's
  }
}

// The session's callback hook: queue the question to JS and wait for the answer. The wait ends
// early when the session is aborted (env teardown: the JS thread will never answer).
std::function<bool(const Session::CallbackRequest&, Action*, std::string*)> make_callback(Napi::ThreadSafeFunction cb, Session* s) {
  return [cb, s](const Session::CallbackRequest& req, Action* out, std::string* problem) mutable -> bool {
    // Before launch() has returned, the question is queued like any other and answered once the JS
    // thread is free (launch() does not wait on this thread past the exec). The exec itself cannot
    // wait: launch() waits for it, so it runs unchanged, with a warning.
    if (!s->js_ready && is_exec_call(req.nr, req.arch)) {
      *problem = "asked about the exec before launch() returned (the JS thread is busy launching); the call runs unchanged";
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
        if (!r.IsUndefined() && !r.IsNull()) {
          try {
            parse_action(sct_js::At{env, "onCallback", "answer"}, r, &a);
            has = a.type != SCT_ACT_CALLBACK;
            if (!has) problem = "a callback cannot answer CALLBACK";
          } catch (const Napi::Error& e) {
            problem = "bad answer: " + e.Message();
          }
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
  sct_js::usage(info, 1, 1, "launch(options)");
  auto s = std::make_shared<Session>();
  LaunchCallbacks fns;
  parse_launch_options(env, info[0], *s, &fns);  // throws on bad input, unsupported rules, missing features

  auto on_events = std::make_shared<Napi::FunctionReference>(Napi::Persistent(fns.on_events));
  auto on_exit = std::make_shared<Napi::FunctionReference>(Napi::Persistent(fns.on_exit));
  auto live = std::make_shared<Live>();
  live->s = s;
  live->tsfn = Napi::ThreadSafeFunction::New(env, fns.on_events, "sct-supervisor", 0, 1);
  Napi::ThreadSafeFunction tsfn = live->tsfn;
  if (s->has_callback) {
    live->has_cb = true;
    live->cb = Napi::ThreadSafeFunction::New(env, fns.on_callback, "sct-callback", 0, 1);
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

  // Test-only: hold launch() back after the exec, so the target's first calls come before it returns
  // (test/native/engine/run-with-rules.test.ts; under CI load this happens by itself).
  if (const char* d = getenv("SCT_TEST_LAUNCH_RETURN_DELAY_MS")) std::this_thread::sleep_for(std::chrono::milliseconds(atoi(d)));
  s->js_ready = true;
  // resume and kill hold the session weakly: it holds onExit (a persistent reference, a GC root)
  // whose closure holds these functions, so a strong hold here would be a cycle no GC breaks, and
  // every run would keep its session and its two eventfds. The session ends with the exit call.
  std::weak_ptr<Session> ws = s;
  Napi::Object sup = Napi::Object::New(env);
  sup.Set("pid", Napi::Number::New(env, s->target_pid()));
  sup.Set("resume", Napi::Function::New(env, [ws](const Napi::CallbackInfo& i) -> Napi::Value {
            sct_js::usage(i, 1, 1, "resume(pid)");
            int pid = (int)sct_js::integer({i.Env(), "resume", "pid"}, i[0], 1, INT32_MAX, "a process id (1 or more)");
            auto s = ws.lock();
            return Napi::Boolean::New(i.Env(), s && s->resume(pid));
          }, "resume"));
  sup.Set("signal", Napi::Function::New(env, [ws](const Napi::CallbackInfo& i) -> Napi::Value {
            sct_js::usage(i, 1, 1, "signal(sig)");
            int sig = (int)sct_js::integer({i.Env(), "signal", "sig"}, i[0], 1, NSIG - 1, "a signal number between 1 and " + std::to_string(NSIG - 1));
            auto s = ws.lock();
            return Napi::Boolean::New(i.Env(), s && s->forward_signal(sig));
          }, "signal"));
  sup.Set("kill", Napi::Function::New(env, [ws](const Napi::CallbackInfo& i) -> Napi::Value {
            sct_js::usage(i, 0, 0, "kill()");
            if (auto s = ws.lock()) s->kill_tree();
            return i.Env().Undefined();
          }, "kill"));
  return sup;
}

Napi::Value FeaturesJs(const Napi::CallbackInfo& info) {
  sct_js::usage(info, 0, 0, "features()");
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
  o.Set("notifExec", f.notif_exec);
  return o;
}

// progCheck(prog): null when include/sct/prog_check.h accepts the blob, else
// { fault: "BACKWARD_JUMP", message: "backward jump at instruction 1", index, constant }.
Napi::Value ProgCheck(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  sct_js::usage(info, 1, 1, "progCheck(prog)");
  auto u8 = sct_js::uint8array({env, "progCheck", "prog"}, info[0]);
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
  sct_js::usage(info, 2, 2, "evalProg(prog, input)");
  std::vector<uint8_t> blob = sct_js::bytes({env, "evalProg", "prog"}, info[0]);
  Prog p;
  std::string e = prog_verify(blob.data(), blob.size(), &p);
  if (!e.empty()) throw Napi::Error::New(env, "evalProg: invalid program: " + e);
  return Napi::Boolean::New(env, eval_with_js_input({env, "evalProg", "input"}, p, info[1]));
}

// mkfifo(path, mode): throws an Error like Node's fs errors (code = errno name, errno, syscall, path).
Napi::Value Mkfifo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  sct_js::usage(info, 2, 2, "mkfifo(path, mode)");
  std::string path = sct_js::string({env, "mkfifo", "path"}, info[0], true);
  int64_t mode = sct_js::integer({env, "mkfifo", "mode"}, info[1], 0, 07777, "a mode between 0 and 0o7777");
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
                sct_js::usage(i, 1, 1, "errnoText(errno)");
                int err = (int)sct_js::integer({i.Env(), "errnoText", "errno"}, i[0], 0, INT32_MAX, "a non-negative integer");
                // glibc's own text, whatever the locale: what strace prints after the errno name.
                const char* text = strerrordesc_np(err);
                return text ? Napi::Value(Napi::String::New(i.Env(), text)) : i.Env().Null();
              }, "errnoText"));
  exports.Set("becomeSubreaper", Napi::Function::New(env, [](const Napi::CallbackInfo& i) -> Napi::Value {
                sct_js::usage(i, 0, 0, "becomeSubreaper()");
                return Napi::Boolean::New(i.Env(), sct::become_subreaper());
              }, "becomeSubreaper"));
  return exports;
}

NODE_API_MODULE(sct_native, InitAddon)
