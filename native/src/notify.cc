// The notification thread: tier-2 rules, decided on SECCOMP_RET_USER_NOTIF.
// Follows the kernel's samples/seccomp/user-trap.c: buffers sized by SECCOMP_GET_NOTIF_SIZES and
// zeroed before each receive; target memory is read, *then* the id is re-validated before acting;
// ENOENT on send means the target is gone. DELAY holds the call in a timer list (never blocks).
// SUSPEND before answers -ERESTARTNOINTR after a SIGSTOP (see act()); CALLBACK blocks this thread
// on the JS answer (Session::ask_callback). With SYNC_WAKE_UP (6.6+) wakeups stay on one CPU.
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <unordered_map>
#include <cstring>
#include <vector>

#include "kernel_features.h"
#include "notif_exec.h"
#include "notif_open.h"
#include "proc_mem.h"
#include "seccomp_compat.h"
#include "sct/tables.h"
#include "session.h"

namespace sct {
namespace {

struct Restart {
  int nr;
  pid_t tgid;
};

struct Held {
  uint64_t due;
  uint64_t id;
};

class Notifier {
 public:
  Notifier(Session& s, int listener) : s_(s), fd_(listener) {
    // Wake the supervisor on the target's CPU and the target on ours (Linux 6.6): a cross-CPU
    // wakeup costs ~60 us in this kind of VM, a same-CPU one ~5 us.
    if (features().notif_sync_wakeup) ioctl(fd_, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
    seccomp_notif_sizes sz{};
    syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz);
    notif_.resize(std::max<size_t>(sz.seccomp_notif, sizeof(seccomp_notif)));
    resp_.resize(std::max<size_t>(sz.seccomp_notif_resp, sizeof(seccomp_notif_resp)));
  }

  void respond(uint64_t id, int64_t val, int32_t error, uint32_t flags) {
    std::fill(resp_.begin(), resp_.end(), 0);
    auto* r = reinterpret_cast<seccomp_notif_resp*>(resp_.data());
    r->id = id;
    r->val = val;
    r->error = error;
    r->flags = flags;
    // ENOENT: the target died or the call was interrupted; nothing to answer any more.
    while (ioctl(fd_, SECCOMP_IOCTL_NOTIF_SEND, r) < 0 && errno == EINTR) {
    }
  }
  void cont(uint64_t id) { respond(id, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE); }

  // Receives and handles one notification. The common path costs two ioctls (RECV, SEND): no
  // /proc read, no allocation beyond the verdict, no event unless a rule reports.
  void handle_one() {
    std::fill(notif_.begin(), notif_.end(), 0);
    auto* n = reinterpret_cast<seccomp_notif*>(notif_.data());
    if (ioctl(fd_, SECCOMP_IOCTL_NOTIF_RECV, n) < 0) return;
    Caller who((pid_t)n->pid);
    bool compat = n->data.arch == SCT_AUDIT_ARCH_I386;
    int nr = n->data.nr;
    if (!compat && (nr & SCT_X32_SYSCALL_BIT)) nr &= ~SCT_X32_SYSCALL_BIT;
    // The restart of a call held by SUSPEND before: the process was resumed (by the rule's
    // duration, resume(), or anyone's SIGCONT); the call now runs, counted once already.
    if (!restarts_.empty()) {
      auto it = restarts_.find(who.tid);
      if (it != restarts_.end()) {
        bool same = it->second.nr == nr;
        s_.resumed(it->second.tgid);
        restarts_.erase(it);
        if (same) return cont(n->id);
      }
    }
    uint64_t args[6];
    for (int i = 0; i < 6; i++) args[i] = n->data.args[i];
    Verdict v = s_.rules.evaluate(2, compat, nr, 0, who, args);
    if (v.decider && v.decider->action.type == SCT_ACT_ALTER_MEM) {
      // Re-validate (the pid may have been reused), write, and only then report what was done.
      uint64_t id = n->id;
      if (ioctl(fd_, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0) return;
      s_.apply_alter_mem(v, who.tid, args);
      s_.emit_matches(v, who, compat, nr, n->data.arch, 0, args, nullptr, nullptr);
      return cont(n->id);
    }
    s_.emit_matches(v, who, compat, nr, n->data.arch, 0, args, nullptr, nullptr);
    if (!v.decider) return let_run(n->id, who, compat, nr, args, v);
    Action cb;
    const Action* a = &v.decider->action;
    bool read_mem = v.read_memory;
    if (a->type == SCT_ACT_CALLBACK) {
      if (!s_.ask_callback(v, who, compat, nr, n->data.arch, 0, args, nullptr, &cb)) return cont(n->id);
      a = &cb;
      read_mem = true;  // the request carried the call's strings
    }
    // The reads may have been of another process if the caller died and its pid was reused:
    // re-validate before acting on what they said. An action that only answers the notification
    // (FAIL, RETURN, DELAY) needs no separate check: SEND succeeds only while the call is pending,
    // i.e. while the caller the reads were of is alive, and fails with ENOENT otherwise.
    bool answer_only = a->type == SCT_ACT_FAIL || a->type == SCT_ACT_RETURN || a->type == SCT_ACT_DELAY;
    if ((read_mem && !answer_only) || a->type == SCT_ACT_ALTER_MEM) {
      uint64_t id = n->id;
      if (ioctl(fd_, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0) return;
    }
    act(n->id, who, nr, args, *a);
  }

  // The rules let the call run. An open whose path a filter checked: open that path here and
  // install the fd (notif_open.cc), so that a thread rewriting the buffer meanwhile cannot get
  // another file opened. The memory reads are re-validated first, as before any action. Without
  // ADDFD (before 5.9, or SCT_FAKE_MISSING_FEATURE=notif_addfd for the bench) the gap stays.
  void let_run(uint64_t id, Caller& who, bool compat, int nr, const uint64_t args[6], const Verdict& v) {
    if (exec_call(compat, nr) && s_.rules.any(2, compat, nr, 1) && s_.rules.any_filter_matches(2, compat, nr, 1, who.tid, args))
      return run_after(id, who, compat, nr, args);
    int parg = open_path_arg(compat, nr);
    if (parg >= 0 && (v.str_mask & (1u << parg)) && features().notif_addfd) {
      uint64_t vid = id;
      if (ioctl(fd_, SECCOMP_IOCTL_NOTIF_ID_VALID, &vid) < 0) return;
      if (open_for_target(fd_, id, who.tid, nr, args, v.strs[parg])) return;
    }
    cont(id);
  }

  // An after-rule's call (notif_exec.h): run it here and answer with its result as the rules make
  // it, or send it to the tracer when running it here could change what the target sees.
  void run_after(uint64_t id, Caller& who, bool compat, int nr, const uint64_t args[6]) {
    int64_t ret;
    if (!exec_for_target(pidfds_, fd_, id, who.tid, nr, args, &ret)) {
      s_.mark_bounce(who.tid);
      bounce(who.get_tgid(), who.tid);
      return respond(id, 0, -ERESTARTNOINTR, 0);
    }
    Verdict v = s_.rules.evaluate(2, compat, nr, 1, who, args);
    int64_t seen = ret;
    if (const Rule* d = v.decider) {
      if (d->action.type == SCT_ACT_FAIL) seen = -(int64_t)d->action.err;
      if (d->action.type == SCT_ACT_RETURN || d->action.type == SCT_ACT_ALTER_RET) seen = d->action.value;
    }
    s_.emit_matches(v, who, compat, nr, n_arch(), 1, args, &ret, &seen);
    // The register gets error ?: val, as a tracer's write of rax would set it.
    respond(id, seen, 0, 0);
  }

  uint32_t n_arch() const { return reinterpret_cast<const seccomp_notif*>(notif_.data())->data.arch; }

  void act(uint64_t id, Caller& who, int nr, const uint64_t args[6], const Action& a) {
    switch (a.type) {
      case SCT_ACT_FAIL: return respond(id, 0, -a.err, 0);
      case SCT_ACT_RETURN: return respond(id, a.value, 0, 0);
      case SCT_ACT_DELAY: held_.push_back({now_ns() + a.us * 1000, id}); return;
      case SCT_ACT_SUSPEND: {
        // Before the call: SIGSTOP the process, then answer "restart" (-ERESTARTNOINTR). On its way
        // back to user space the thread meets the pending SIGSTOP and the whole process stops (state
        // T) with the call not run; on SIGCONT the kernel re-executes the call, which notifies
        // again and is let through (restarts_).
        pid_t tg = who.get_tgid();
        restarts_[who.tid] = {nr, tg};
        s_.suspend(tg, a.us);
        kill(tg, SIGSTOP);
        return respond(id, 0, -ERESTARTNOINTR, 0);
      }
      case SCT_ACT_KILL:
        kill(who.get_tgid(), a.sig);
        if (a.sig == SIGKILL) return;  // no answer: the call never runs
        return cont(id);
      case SCT_ACT_ALTER_MEM: {  // from a callback (a rule's own ALTER is applied in handle_one)
        std::string problem = alter_mem(who.tid, args, a);
        if (!problem.empty()) s_.events.warn(who.tid, "alter: " + problem + "; call left unchanged");
        return cont(id);
      }
      case SCT_ACT_ALTER_REG: case SCT_ACT_ALTER_RET:
        s_.events.warn(who.tid, "a callback answered ALTER of a register or the result, which needs tier 3; call left unchanged");
        return cont(id);
      default: return cont(id);
    }
  }

  void run(std::atomic<bool>& stop, int wake) {
    bool listening = true;
    while (!stop) {
      int timeout = -1;
      uint64_t now = now_ns();
      for (auto& h : held_) {
        int ms = h.due > now ? (int)((h.due - now + 999999) / 1000000) : 0;
        if (timeout < 0 || ms < timeout) timeout = ms;
      }
      pollfd p[2] = {{listening ? fd_ : -1, POLLIN, 0}, {wake, POLLIN, 0}};
      int r = poll(p, 2, timeout);
      if (r < 0 && errno != EINTR) break;
      if (p[1].revents) {
        eventfd_t v;
        eventfd_read(wake, &v);
      }
      now = now_ns();
      for (size_t i = 0; i < held_.size();) {
        if (held_[i].due <= now) {
          cont(held_[i].id);
          held_[i] = held_.back();
          held_.pop_back();
        } else {
          i++;
        }
      }
      if (p[0].revents & POLLIN) handle_one();
      else if (p[0].revents & (POLLHUP | POLLERR)) listening = false;  // no task uses the filter any more
    }
    for (auto& h : held_) cont(h.id);
  }

 private:
  Session& s_;
  int fd_;
  std::vector<char> notif_, resp_;
  std::vector<Held> held_;
  PidfdCache pidfds_;  // callers of after-rule calls the supervisor runs (notif_exec.h)
  std::unordered_map<pid_t, Restart> restarts_;  // tid -> the call held by SUSPEND before
};

}  // namespace

void Session::notify_loop() {
  block_signals_in_this_thread();
  Notifier n(*this, listener_);
  n.run(stop_notify_, notif_wake_);
}

}  // namespace sct
