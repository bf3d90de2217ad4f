// Launch, the control thread, and the end of a session (see session.h).
#include "session.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

#include "arg_decode.h"
#include "kernel_features.h"
#include "keeper_protocol.h"
#include "proc_mem.h"
#include "spawn.h"

namespace sct {
namespace {

const char* step_name(int step) {
  switch (step) {
    case STEP_STDIO: return "dup2";
    case STEP_CHDIR: return "chdir";
    case STEP_NO_NEW_PRIVS: return "prctl(PR_SET_NO_NEW_PRIVS)";
    case STEP_SECCOMP: return "seccomp";
    case STEP_SEND_FD: return "sendmsg";
    default: return "fork";
  }
}

// One keeper message within timeout_ms (-1: forever). 1: got one; 0: EOF; -1: timeout or error.
int recv_ctl(int ctl, int timeout_ms, KeeperMsg* m, int* fd) {
  pollfd p{ctl, POLLIN, 0};
  int r;
  do r = poll(&p, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  if (r <= 0) return -1;
  ssize_t n = recv_keeper_msg(ctl, m, fd);
  if (n <= 0) return n == 0 ? 0 : -1;
  return n == (ssize_t)sizeof *m ? 1 : -1;
}

std::string errno_text(int e) {
  const char* n = strerrorname_np(e);
  return std::string(n ? n : "E?") + " (" + strerror(e) + ")";
}

}  // namespace

namespace {
std::atomic<bool> g_subreaper{false};
std::mutex g_scan_mu;  // kill_descendants() uses one static table
}  // namespace

bool become_subreaper() {
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) return false;
  g_subreaper = true;
  return true;
}

void block_signals_in_this_thread() {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
}

Session::Session() {
  ctl_wake_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  notif_wake_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  events.set_wake(ctl_wake_);
}

Session::~Session() {
  if (control_thr_.joinable()) control_thr_.detach();
  if (ctl_wake_ >= 0) close(ctl_wake_);
  if (notif_wake_ >= 0) close(notif_wake_);
}

bool Session::launch(LaunchError* err) {
  std::vector<char*> av, ev;
  for (auto& s : argv) av.push_back(const_cast<char*>(s.c_str()));
  av.push_back(nullptr);
  for (auto& s : envp) ev.push_back(const_cast<char*>(s.c_str()));
  ev.push_back(nullptr);
  SpawnSpec spec{};
  spec.file = file.c_str();
  spec.argv = av.data();
  spec.envp = ev.data();
  spec.cwd = cwd.c_str();
  for (int i = 0; i < 3; i++) spec.stdio[i] = stdio[i];
  spec.filter = filter.data();
  spec.filter_len = (unsigned short)filter.size();
  // A listener in every run with a filter, even with no tier-2 rule: one listener per filter chain,
  // so a target's own NEW_LISTENER filter then gets EBUSY. Otherwise its user notification, which
  // outranks RET_TRACE, could answer CONTINUE to a call that a tier-3 rule names (issue #13).
  spec.listener = need_notify || (!filter.empty() && features().user_notif);
  if (spec.listener) {
    spec.filter_flags = SECCOMP_FILTER_FLAG_NEW_LISTENER;
    if (features().wait_killable_recv) spec.filter_flags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
  }

  keeper_ = spawn_keeper(spec, &ctl_);
  if (keeper_ < 0) {
    *err = {"SCT_SPAWN", "cannot fork the keeper process: " + errno_text(-keeper_), -keeper_, "fork"};
    keeper_ = -1;
    return false;
  }
  KeeperMsg m;
  int fd;
  auto fail = [&](LaunchError e) {
    *err = std::move(e);
    teardown_failed_launch();
    return false;
  };
  auto setup_error = [&](const KeeperMsg& m) {
    return LaunchError{"SCT_SPAWN", std::string("cannot start ") + file + ": " + step_name(m.pid) + " failed: " + errno_text(m.value),
                       m.value, step_name(m.pid)};
  };
  if (recv_ctl(ctl_, 10000, &m, &fd) != 1) return fail({"SCT_SPAWN", "the keeper process did not start", 0, "fork"});
  if (m.type == K_SETUP) return fail(setup_error(m));
  target_ = m.pid;

  if (need_ptrace) {
    std::mutex mu;
    std::condition_variable cv;
    int seize = 1;  // 1: pending; 0: ok; <0: -errno
    trace_thr_ = std::thread([this, &seize, &mu, &cv] { trace_loop(&seize, &mu, &cv); });
    std::unique_lock<std::mutex> lk(mu);
    cv.wait(lk, [&] { return seize != 1; });
    if (seize < 0)
      return fail({"SCT_SPAWN", "cannot trace " + file + ": ptrace(PTRACE_SEIZE) failed: " + errno_text(-seize), -seize, "ptrace"});
  }
  char go = kGo;
  send(ctl_, &go, 1, MSG_NOSIGNAL);

  // Until the exec result: the listener (if any), setup failures, early exits (kept for later).
  for (;;) {
    int r = recv_ctl(ctl_, 30000, &m, &fd);
    if (r == 0) return fail({"SCT_SPAWN", "the keeper process died during launch", 0, "fork"});
    if (r < 0) break;  // a rule holds execve (DELAY...): carry on, the control thread takes over
    if (m.type == K_LISTENER && fd >= 0) {
      listener_ = fd;
      if (need_notify) notify_thr_ = std::thread([this] { notify_loop(); });
    } else if (m.type == K_SETUP) {
      return fail(setup_error(m));
    } else if (m.type == K_EXEC) {
      if (m.value)
        return fail({"SCT_EXEC", "cannot execute " + file + ": " + errno_text(m.value), m.value, "execve"});
      break;
    } else if (m.type == K_EXIT) {
      if (m.pid == target_) {
        target_reaped_ = true;
        exit_.exit_code = WIFEXITED(m.value) ? WEXITSTATUS(m.value) : -1;
        exit_.signal = WIFSIGNALED(m.value) ? WTERMSIG(m.value) : 0;
      }
    } else if (m.type == K_GONE) {
      keeper_gone_msg_ = true;
      break;  // the control thread sees EOF next
    }
  }
  control_thr_ = std::thread([self = shared_from_this()] { self->control_loop(); });
  return true;
}

void Session::teardown_failed_launch() {
  char k = kKill;
  send(ctl_, &k, 1, MSG_NOSIGNAL);
  KeeperMsg m;
  int fd;
  for (int i = 0; i < 10000; i++) {
    int r = recv_ctl(ctl_, 5000, &m, &fd);
    if (fd >= 0) close(fd);
    if (r != 1 || m.type == K_GONE) break;
  }
  close(ctl_);  // the keeper kills what is left on EOF
  ctl_ = -1;
  join_workers_and_reap_keeper();
  if (listener_ >= 0) close(listener_);
  listener_ = -1;
}

bool Session::resume(pid_t pid) {
  {
    std::lock_guard<std::mutex> g(susp_mu_);
    auto it = suspended_.find(pid);
    if (it == suspended_.end()) it = suspended_.find(tgid_of(pid));
    if (it == suspended_.end()) return false;
    pid = it->first;
    suspended_.erase(it);
  }
  kill(pid, SIGCONT);
  return true;
}

void Session::suspend(pid_t tgid, uint64_t us) {
  {
    std::lock_guard<std::mutex> g(susp_mu_);
    suspended_[tgid] = us ? now_ns() + us * 1000 : 0;
  }
  eventfd_write(ctl_wake_, 1);
}

void Session::resumed(pid_t tgid) {
  std::lock_guard<std::mutex> g(susp_mu_);
  suspended_.erase(tgid);
}

bool Session::is_suspended(pid_t tgid) {
  std::lock_guard<std::mutex> g(susp_mu_);
  return suspended_.count(tgid) != 0;
}

bool Session::forward_signal(int sig) {
  if (target_reaped_) return false;
  std::vector<pid_t> held;
  {
    std::lock_guard<std::mutex> g(susp_mu_);
    for (auto& s : suspended_) held.push_back(s.first);
  }
  // The restart of each held call is recognised and let through as for any SIGCONT (notify.cc,
  // tracer.cc), which also forgets the suspension.
  for (pid_t pid : held) kill(pid, SIGCONT);
  return kill(target_, sig) == 0;
}

void Session::kill_tree() {
  kill_requested_ = true;
  eventfd_write(ctl_wake_, 1);
}

void Session::abort_and_join() {
  aborted_ = true;
  kill_tree();
  if (control_thr_.joinable()) control_thr_.join();
}

void Session::join_control() {
  if (control_thr_.joinable() && control_thr_.get_id() != std::this_thread::get_id()) control_thr_.join();
}

void Session::emit_matches(const Verdict& v, Caller& who, bool compat, int nr, uint32_t arch, int phase,
                           const uint64_t args[6], const int64_t* retval, const int64_t* seen) {
  bool any = false, want_proc = false, want_fds = false, want_info = false;
  uint8_t strs = 0;
  size_t buf_max = 0;
  for (const Match& m : v.matches) {
    if (m.rule->report) any = true;
    if (m.rule->report && m.rule->proc_info) want_proc = true;
    if (m.rule->report && m.rule->fd_paths) want_fds = true;
    if (m.rule->report && m.rule->fd_info) want_info = true;
    if (m.rule->report) buf_max = std::max<size_t>(buf_max, m.rule->buf_max);
    strs |= m.rule->prog.str_args;
  }
  if (!any) return;
  std::vector<MemVal> mem = decode_args(who.tid, compat, nr, args, strs, retval, buf_max);
  if (want_fds) add_fd_paths(who.tid, compat, nr, args, retval, &mem);
  if (want_info) add_fd_info(who.tid, compat, nr, args, retval, &mem);
  // Read while the call is held: the process exists now, perhaps not when JS formats the line.
  ProcFacts proc = want_proc ? proc_facts(who.tid, who.get_tgid()) : ProcFacts{};
  for (const Match& m : v.matches) {
    if (!m.rule->report) continue;
    Event e;
    e.kind = EV_RULE;
    e.pid = who.get_tgid();
    e.tid = who.tid;
    e.rule_id = m.rule->id;
    e.nr = nr;
    e.arch = arch;
    e.phase = phase;
    e.acted = m.acted;
    e.has_args = true;
    memcpy(e.args, args, sizeof e.args);
    e.mem = mem;
    if (m.rule->proc_info) e.proc = proc;
    if (retval) {
      e.has_ret = true;
      e.retval = *retval;
      e.seen = seen ? *seen : *retval;
    }
    events.push(std::move(e));
  }
}

bool Session::apply_alter_mem(Verdict& v, pid_t tid, const uint64_t args[6]) {
  std::string problem = alter_mem(tid, args, v.decider->action);
  if (problem.empty()) return true;
  events.warn(tid, "rule " + std::to_string(v.decider->id) + ": alter: " + problem + "; call left unchanged, not counted as an injection");
  rules.not_applied(v);
  return false;
}

bool Session::ask_callback(const Verdict& v, Caller& who, bool compat, int nr, uint32_t arch, int phase,
                           const uint64_t args[6], const int64_t* retval, Action* out) {
  if (!callback || aborted_) return false;
  CallbackRequest req;
  req.rule_id = v.decider->id;
  req.nr = nr;
  req.phase = phase;
  req.pid = who.get_tgid();
  req.tid = who.tid;
  req.arch = arch;
  memcpy(req.args, args, sizeof req.args);
  if (retval) {
    req.has_ret = true;
    req.retval = *retval;
  }
  req.mem = decode_args(who.tid, compat, nr, args, v.decider->prog.str_args, retval);
  std::string problem;
  bool got = callback(req, out, &problem);
  if (!problem.empty()) events.warn(who.tid, "rule " + std::to_string(req.rule_id) + ": callback: " + problem);
  return got;
}

void Session::control_loop() {
  block_signals_in_this_thread();
  uint64_t start = now_ns(), last_flush = start;
  uint64_t deadline = timeout_ms ? start + timeout_ms * 1000000ull : 0;
  bool gone = false, kill_sent = false;
  auto send_kill = [&] {
    char k = kKill;
    send(ctl_, &k, 1, MSG_NOSIGNAL);
    kill_sent = true;
  };
  while (!gone) {
    uint64_t now = now_ns();
    int64_t wait_ns = -1;
    auto upto = [&](uint64_t t) {
      int64_t d = t > now ? (int64_t)(t - now) : 0;
      if (wait_ns < 0 || d < wait_ns) wait_ns = d;
    };
    if (!events.empty()) upto(last_flush + 1000000);
    if (deadline && !exit_.timed_out) upto(deadline);
    {
      std::lock_guard<std::mutex> g(susp_mu_);
      for (auto& s : suspended_)
        if (s.second) upto(s.second);
    }
    pollfd p[2] = {{ctl_, POLLIN, 0}, {ctl_wake_, POLLIN, 0}};
    int timeout = wait_ns < 0 ? -1 : (int)((wait_ns + 999999) / 1000000);
    int r = poll(p, 2, timeout);
    if (r < 0 && errno != EINTR) break;
    if (p[1].revents) {
      eventfd_t v;
      eventfd_read(ctl_wake_, &v);
    }
    if ((kill_requested_ || aborted_) && !kill_sent) send_kill();
    if (p[0].revents) {
      KeeperMsg m;
      int fd;
      int got = recv_ctl(ctl_, 0, &m, &fd);
      if (fd >= 0) close(fd);
      if (got == 0) {
        gone = true;
        exit_.keeper_lost = !keeper_gone_msg_;
      }
      if (got == 1 && m.type == K_GONE) gone = keeper_gone_msg_ = true;
      if (got == 1 && m.type == K_EXIT) {
        if (m.pid == target_ && !target_reaped_) {
          target_reaped_ = true;
          exit_.exit_code = WIFEXITED(m.value) ? WEXITSTATUS(m.value) : -1;
          exit_.signal = WIFSIGNALED(m.value) ? WTERMSIG(m.value) : 0;
        }
        if (!need_ptrace) {  // the tracer reports exits itself
          Event e;
          e.kind = EV_EXIT;
          e.pid = e.tid = m.pid;
          e.has_status = true;
          e.status = WIFEXITED(m.value) ? WEXITSTATUS(m.value) : -WTERMSIG(m.value);
          events.push(std::move(e));
        }
      }
    }
    now = now_ns();
    if (deadline && now >= deadline && !exit_.timed_out && !target_reaped_) {
      exit_.timed_out = true;
      send_kill();
    }
    std::vector<pid_t> due;
    {
      std::lock_guard<std::mutex> g(susp_mu_);
      for (auto it = suspended_.begin(); it != suspended_.end();) {
        if (it->second && it->second <= now) {
          due.push_back(it->first);
          it = suspended_.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (pid_t pid : due) kill(pid, SIGCONT);
    if (!events.empty() && (now >= last_flush + 1000000 || gone)) {
      auto batch = events.take();
      last_flush = now;
      if (!aborted_ && deliver && !batch.empty()) deliver(std::move(batch), nullptr);
    }
  }
  finish();
}

// Stops the notification and ptrace threads, then waits for the keeper to exit.
void Session::join_workers_and_reap_keeper() {
  stop_notify_ = true;
  eventfd_write(notif_wake_, 1);
  if (notify_thr_.joinable()) notify_thr_.join();
  if (trace_thr_.joinable()) trace_thr_.join();
  int st;
  while (waitpid(keeper_, &st, __WALL) < 0 && errno == EINTR) {
  }
}

void Session::set_traced(pid_t pid, bool traced) {
  std::lock_guard<std::mutex> g(traced_mu_);
  if (traced) traced_.insert(pid);
  else traced_.erase(pid);
}

void Session::mark_bounce(pid_t tid) {
  std::lock_guard<std::mutex> g(bounce_mu_);
  bounces_.insert(tid);
}

bool Session::take_bounce(pid_t tid) {
  std::lock_guard<std::mutex> g(bounce_mu_);
  return bounces_.erase(tid) != 0;
}

// The keeper died before the tree (SIGKILLed from outside; a target cannot signal it, guard.cc).
// The target dies with it (PDEATHSIG); its descendants would run on. The listener stays open and
// answered meanwhile, so their calls are still faulted. Kill what we can find: every process the
// tracer follows, and, when Node is a subreaper (the CLI), every orphan reparented to it.
void Session::kill_lost_tree() {
  for (int round = 0; round < 5000; round++) {
    std::vector<pid_t> left;
    {
      std::lock_guard<std::mutex> g(traced_mu_);
      left.assign(traced_.begin(), traced_.end());
    }
    for (pid_t pid : left) kill(pid, SIGKILL);
    if (g_subreaper) {
      std::lock_guard<std::mutex> g(g_scan_mu);
      kill_descendants(getpid());
    }
    if (left.empty()) return;
    timespec ts{0, 1000000};
    nanosleep(&ts, nullptr);
  }
}

void Session::finish() {
  if (exit_.keeper_lost) kill_lost_tree();
  join_workers_and_reap_keeper();
  if (ctl_ >= 0) close(ctl_);
  if (listener_ >= 0) close(listener_);
  ctl_ = listener_ = -1;
  {
    // Anything still marked suspended is gone with the tree.
    std::lock_guard<std::mutex> g(susp_mu_);
    suspended_.clear();
  }
  auto info = std::make_unique<ExitInfo>(exit_);
  info->counts = rules.counts();
  if (!aborted_ && deliver) deliver(events.take(), std::move(info));
}

}  // namespace sct
