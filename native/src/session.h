// One launched target tree and the threads that supervise it.
//
// Threads (std::thread, never the libuv pool; each blocks every signal so Node's handlers stay on
// the main thread):
//   control  - reads the keeper's reports, enforces timeoutMs, ends SUSPENDs that have a duration,
//              flushes events to JS (every 1 ms or 256 events), and finishes the session;
//   notify   - seccomp user notifications (tier 2), when a rule needs them (notify.cc);
//   tracer   - every ptrace call, when a rule needs tier 3 (tracer.cc).
#pragma once
#include <linux/filter.h>
#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "events.h"
#include "rules.h"

namespace sct {

struct ExitInfo {
  int exit_code = -1;  // -1: none (signal)
  int signal = 0;
  bool timed_out = false;
  bool keeper_lost = false;  // the keeper died before the tree (killed from outside): the tree was killed
  std::vector<std::pair<int, std::pair<uint64_t, uint64_t>>> counts;
};

struct LaunchError {
  std::string code;  // SCT_EXEC, SCT_SPAWN, SCT_FEATURE, SCT_RULE
  std::string message;
  int err = 0;
  std::string syscall;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session();
  ~Session();

  // Configuration, filled in by the addon before launch().
  std::string file, cwd;
  std::vector<std::string> argv, envp;
  int stdio[3] = {0, 1, 2};
  std::vector<sock_filter> filter;
  bool need_notify = false, need_ptrace = false, has_callback = false;
  uint64_t timeout_ms = 0;
  RuleSet rules;
  // Delivers a batch (and, the last time, the exit) to JS. Called from the control thread.
  std::function<void(std::vector<Event>&&, std::unique_ptr<ExitInfo>)> deliver;

  // Forks and waits until the target has exec'd. On failure returns false with *err filled, and
  // everything is already torn down.
  bool launch(LaunchError* err);
  pid_t target_pid() const { return target_; }
  bool resume(pid_t pid);
  void kill_tree();
  // Sends sig to the target (not its children: as a signal-forwarding wrapper does), after
  // SIGCONT to every process a SUSPEND holds, so that a stopped target sees it. False when the
  // target has been reaped already.
  bool forward_signal(int sig);
  // Env cleanup: kill the tree and join every thread without calling into JS.
  void abort_and_join();
  void join_control();

  // Used by the notify and tracer threads.
  EventQueue events;
  // Events for the matches of rules that asked for them (report): nothing for the others.
  void emit_matches(const Verdict& v, Caller& who, bool compat, int nr, uint32_t arch, int phase,
                    const uint64_t args[6], const int64_t* retval, const int64_t* seen);
  // A decider that ALTERs memory is applied here, before its events are emitted, so that they and
  // the counts say whether it really was: when it cannot be (the bytes do not fit), a WARNING and
  // the verdict becomes "not acted". Returns false when the call was decided that way.
  bool apply_alter_mem(Verdict& v, pid_t tid, const uint64_t args[6]);
  void suspend(pid_t tgid, uint64_t us);
  // A thread of a suspended process runs again (a resumed SUSPEND before): forget its deadline.
  void resumed(pid_t tgid);
  bool is_suspended(pid_t tgid);

  // CALLBACK actions: asks JS (blocking the calling supervisor thread, at most callback_timeout_ms)
  // what to do. Sets *out and returns true for an action; false: let the call run.
  struct CallbackRequest {
    int rule_id, nr, phase;
    pid_t pid, tid;
    uint32_t arch;
    uint64_t args[6];
    bool has_ret = false;
    int64_t retval = 0;
    std::vector<MemVal> mem;
  };
  std::function<bool(const CallbackRequest&, Action* out, std::string* problem)> callback;
  uint64_t callback_timeout_ms = 5000;
  std::atomic<bool> js_ready{false};  // launch() has returned to JS (until then an exec is not asked about)
  bool ask_callback(const Verdict& v, Caller& who, bool compat, int nr, uint32_t arch, int phase, const uint64_t args[6],
                    const int64_t* retval, Action* out);
  bool aborted() const { return aborted_; }
  bool following_by_ptrace() const { return need_ptrace; }
  // The tracer's processes, for killing them if the keeper is lost (see kill_lost_tree).
  void set_traced(pid_t pid, bool traced);
  // A call the notify thread could not run for the target goes to the tracer (notif_exec.h):
  // the notify thread marks the thread before its SIGSTOP, the tracer takes the mark at the stop.
  void mark_bounce(pid_t tid);
  bool take_bounce(pid_t tid);

 private:
  void notify_loop();
  void trace_loop(int* seize_result, std::mutex* mu, std::condition_variable* cv);
  void control_loop();
  void finish();
  void join_workers_and_reap_keeper();
  void teardown_failed_launch();
  void kill_lost_tree();

  pid_t keeper_ = -1, target_ = -1;
  int ctl_ = -1, listener_ = -1, ctl_wake_ = -1, notif_wake_ = -1;
  std::thread notify_thr_, trace_thr_, control_thr_;
  std::atomic<bool> stop_notify_{false}, aborted_{false}, kill_requested_{false};
  std::mutex susp_mu_;
  std::map<pid_t, uint64_t> suspended_;  // tgid -> monotonic ns deadline (0: until resume)
  ExitInfo exit_;
  std::atomic<bool> target_reaped_{false};
  bool keeper_gone_msg_ = false;  // K_GONE came: the keeper ended normally
  std::mutex traced_mu_;
  std::set<pid_t> traced_;
  std::mutex bounce_mu_;
  std::set<pid_t> bounces_;  // threads sent to the tracer, until their SIGSTOP is seen
};

void block_signals_in_this_thread();

// The CLI makes its Node process a child subreaper (PR_SET_CHILD_SUBREAPER): if a keeper is lost,
// the tree's orphans are reparented to Node, which then finds and kills them. Library users keep
// their process as it is.
bool become_subreaper();

}  // namespace sct
