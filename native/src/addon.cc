// The N-API surface: launch, features, verifyProg, evalProg (harness/src/engine/native-binding.ts
// types it; harness/src/engine/native.ts validates arguments and is what the rest imports).
#include <napi.h>

#include <memory>
#include <mutex>
#include <set>

#include "convert.h"
#include "kernel_features.h"
#include "prog.h"
#include "session.h"

namespace sct {
namespace {

// Sessions still running, for the env cleanup hook (Node exiting with targets alive).
struct Live {
  std::shared_ptr<Session> s;
  Napi::ThreadSafeFunction tsfn;
};
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
    Napi::Error e = Napi::Error::New(env, err.message);
    e.Set("code", Napi::String::New(env, err.code));
    if (err.err) e.Set("errno", Napi::Number::New(env, err.err));
    if (!err.syscall.empty()) e.Set("syscall", Napi::String::New(env, err.syscall));
    throw e;
  }

  Napi::Object sup = Napi::Object::New(env);
  sup.Set("pid", Napi::Number::New(env, s->target_pid()));
  sup.Set("resume", Napi::Function::New(env, [s](const Napi::CallbackInfo& i) -> Napi::Value {
            if (!i[0].IsNumber()) throw Napi::TypeError::New(i.Env(), "resume: pid must be a number");
            return Napi::Boolean::New(i.Env(), s->resume(i[0].As<Napi::Number>().Int32Value()));
          }, "resume"));
  sup.Set("kill", Napi::Function::New(env, [s](const Napi::CallbackInfo& i) -> Napi::Value {
            s->kill_tree();
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
  return o;
}

Napi::Value VerifyProg(const Napi::CallbackInfo& info) {
  if (!info[0].IsTypedArray()) throw Napi::TypeError::New(info.Env(), "verifyProg: prog must be a Uint8Array");
  auto u8 = info[0].As<Napi::Uint8Array>();
  std::string e = prog_verify(u8.Data(), u8.ByteLength(), nullptr);
  if (e.empty()) return info.Env().Null();
  return Napi::String::New(info.Env(), e);
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

}  // namespace
}  // namespace sct

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  using namespace sct;
  napi_add_env_cleanup_hook(env, cleanup_hook, nullptr);
  exports.Set("launch", Napi::Function::New(env, Launch, "launch"));
  exports.Set("features", Napi::Function::New(env, FeaturesJs, "features"));
  exports.Set("verifyProg", Napi::Function::New(env, VerifyProg, "verifyProg"));
  exports.Set("evalProg", Napi::Function::New(env, EvalProg, "evalProg"));
  return exports;
}

NODE_API_MODULE(sct_native, InitAddon)
