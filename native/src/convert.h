// JS <-> C++ conversions for the addon: launch options in, events and the exit out.
#pragma once
#include <napi.h>

#include <vector>

#include "events.h"
#include "js_args.h"
#include "prog_host.h"
#include "session.h"

namespace sct {

// LaunchOptions' functions, read once with the rest (onCallback: empty when not given).
struct LaunchCallbacks {
  Napi::Function on_events, on_exit, on_callback;
};

// Fills the session from LaunchOptions; throws a TypeError/RangeError (code SCT_USAGE) naming the
// field for a bad argument, an Error with code SCT_RULE/SCT_FEATURE for a rule it cannot run.
void parse_launch_options(Napi::Env env, Napi::Value options, Session& s, LaunchCallbacks* fns);
Napi::Array events_to_js(Napi::Env env, const std::vector<Event>& events);
Napi::Object exit_to_js(Napi::Env env, const ExitInfo& x);
// A NativeAction object at `at` -> Action; throws a TypeError/RangeError naming the field.
void parse_action(const sct_js::At& at, Napi::Value a, Action* out);
Napi::Object callback_request_to_js(Napi::Env env, const Session::CallbackRequest& r);
// evalProg's input ({ args, vars?, strings? }), checked like launch's options.
bool eval_with_js_input(const sct_js::At& at, const Prog& p, Napi::Value input);

}  // namespace sct
