// JS <-> C++ conversions for the addon: launch options in, events and the exit out.
#pragma once
#include <napi.h>

#include <vector>

#include "events.h"
#include "prog_host.h"
#include "session.h"

namespace sct {

// Fills the session from LaunchOptions; throws a JS error (with `code`) on anything unusable.
void parse_launch_options(Napi::Env env, Napi::Object o, Session& s);
Napi::Array events_to_js(Napi::Env env, const std::vector<Event>& events);
Napi::Object exit_to_js(Napi::Env env, const ExitInfo& x);
// A NativeAction object -> Action; returns "" or what is wrong with it.
std::string parse_action(Napi::Object a, Action* out);
Napi::Object callback_request_to_js(Napi::Env env, const Session::CallbackRequest& r);
bool eval_with_js_input(Napi::Env env, const Prog& p, Napi::Object input);

}  // namespace sct
