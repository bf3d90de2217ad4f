// The ptrace thread: tier-3 rules. Every ptrace call of a session happens on this one thread
// (ptrace ties a tracee to the thread that attached it); waitpid uses __WNOTHREAD so that it
// never reaps Node's other children (libuv's, or the keeper).
//
// Stops: PTRACE_EVENT_SECCOMP (RET_TRACE) -> before-rules, one-stop injection (orig_rax = -1,
// rax = -errno); if after-rules exist for the call, PTRACE_SYSCALL to the exit stop, where
// PTRACE_GET_SYSCALL_INFO gives the return value and rax can be rewritten. Group stops
// (PTRACE_EVENT_STOP with a stop signal) get PTRACE_LISTEN; signal-delivery stops re-inject.
// clone with CLONE_UNTRACED would escape (and a later RET_TRACE call would get ENOSYS): when the
// filter routes clone/clone3 here, the flag is cleared (register for clone, memory for clone3).
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <condition_variable>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>
#include <cstddef>

#include "notif_exec.h"
#include "proc_mem.h"
#include "sct/tables.h"
#include "session.h"

namespace sct {
namespace {

// Offsets in struct user for PTRACE_POKEUSER: one register changed costs one call, where
// GETREGS+SETREGS cost two.
constexpr long kArgOff[6] = {offsetof(user_regs_struct, rdi), offsetof(user_regs_struct, rsi), offsetof(user_regs_struct, rdx),
                             offsetof(user_regs_struct, r10), offsetof(user_regs_struct, r8), offsetof(user_regs_struct, r9)};
constexpr long kRax = offsetof(user_regs_struct, rax), kOrigRax = offsetof(user_regs_struct, orig_rax),
               kRip = offsetof(user_regs_struct, rip);

void poke(pid_t tid, long off, uint64_t v) { ptrace(PTRACE_POKEUSER, tid, (void*)(offsetof(struct user, regs) + off), (void*)v); }
uint64_t peek(pid_t tid, long off) {
  errno = 0;
  return (uint64_t)ptrace(PTRACE_PEEKUSER, tid, (void*)(offsetof(struct user, regs) + off), 0);
}

struct Pending {  // a call whose exit stop we wait for
  int tier;  // whose after-rules: 3, or 2 for a call the notify thread bounced here
  int nr;
  bool compat;
  uint32_t arch;
  uint64_t args[6];
};

struct HeldStop {
  uint64_t due;
  bool at_exit;
};

class Tracer {
 public:
  explicit Tracer(Session& s) : s_(s) {}

  void resume(pid_t tid, int sig) {
    ptrace(pending_.count(tid) ? PTRACE_SYSCALL : PTRACE_CONT, tid, 0, sig);
  }

  pid_t tgid(pid_t tid) {
    auto it = tgids_.find(tid);
    if (it != tgids_.end()) return it->second;
    pid_t g = tgid_of(tid);
    tgids_[tid] = g;
    return g;
  }

  void on_seccomp(pid_t tid) {
    __ptrace_syscall_info info;
    if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof info, &info) <= 0 || info.op != PTRACE_SYSCALL_INFO_SECCOMP)
      return resume(tid, 0);
    bool compat = info.arch == SCT_AUDIT_ARCH_I386;
    int nr = (int)info.seccomp.nr;
    if (!compat && (nr & SCT_X32_SYSCALL_BIT)) nr &= ~SCT_X32_SYSCALL_BIT;
    uint64_t args[6];
    for (int i = 0; i < 6; i++) args[i] = info.seccomp.args[i];
    // The re-execution of a call held by SUSPEND before: the process was resumed; let it run.
    if (!restarts_.empty()) {
      auto rs = restarts_.find(tid);
      if (rs != restarts_.end()) {
        bool same = rs->second == nr;
        restarts_.erase(rs);
        s_.resumed(tgid(tid));
        if (same) {
          if (after_matches(tid, compat, nr, args)) pending_[tid] = {3, nr, compat, info.arch, {args[0], args[1], args[2], args[3], args[4], args[5]}};
          return resume(tid, 0);
        }
      }
    }
    // A call the notify thread bounced here (notif_exec.h). Its before-rules were applied there;
    // r9 is given back at the exit stop, not now: after a RET_TRACE stop the kernel runs the
    // filter again, which without the marker would send the call to the notify thread once more.
    if (args[5] == kBounceMarker && exec_call(compat, nr) && s_.rules.any(2, compat, nr, 1)) {
      auto saved = bounced_r9_.find(tid);
      if (saved != bounced_r9_.end()) args[5] = saved->second;
      pending_[tid] = {2, nr, compat, info.arch, {args[0], args[1], args[2], args[3], args[4], args[5]}};
      return resume(tid, 0);
    }
    if (!compat) clear_untraced(tid, nr, args);
    Caller who(tid, tgid(tid));
    Verdict v = s_.rules.evaluate(3, compat, nr, 0, who, args);
    if (v.decider && v.decider->action.type == SCT_ACT_ALTER_MEM) s_.apply_alter_mem(v, tid, args);  // before the events
    s_.emit_matches(v, who, compat, nr, info.arch, 0, args, nullptr, nullptr);
    Action cb;
    const Action* a = v.decider ? &v.decider->action : nullptr;
    if (a && a->type == SCT_ACT_CALLBACK) a = s_.ask_callback(v, who, compat, nr, info.arch, 0, args, nullptr, &cb) ? &cb : nullptr;
    if (a) {
      switch (a->type) {
        case SCT_ACT_FAIL: case SCT_ACT_RETURN:
          poke(tid, kOrigRax, (uint64_t)-1);  // skip the call...
          poke(tid, kRax, a->type == SCT_ACT_FAIL ? (uint64_t)(-(int64_t)a->err) : (uint64_t)a->value);  // ...and return this
          return resume(tid, 0);  // no exit stop to wait for
        case SCT_ACT_ALTER_REG:
          poke(tid, kArgOff[a->arg], (uint64_t)a->value);
          args[a->arg] = (uint64_t)a->value;
          break;
        case SCT_ACT_DELAY:
          if (after_matches(tid, compat, nr, args)) pending_[tid] = {3, nr, compat, info.arch, {args[0], args[1], args[2], args[3], args[4], args[5]}};
          held_[tid] = {now_ns() + a->us * 1000, false};
          return;
        case SCT_ACT_SUSPEND: {
          // Before the call: skip it for now and rewind the thread onto its syscall instruction
          // (both `syscall` and `int 0x80` are 2 bytes), with rax = the call's number again. The
          // pending SIGSTOP stops the process before it re-executes the call; on SIGCONT the call
          // runs for real (restarts_ lets it through uncounted).
          uint64_t rip = peek(tid, kRip);
          poke(tid, kOrigRax, (uint64_t)-1);
          poke(tid, kRax, (uint64_t)info.seccomp.nr);
          poke(tid, kRip, rip - 2);
          restarts_[tid] = nr;
          s_.suspend(who.get_tgid(), a->us);
          kill(who.get_tgid(), SIGSTOP);
          return resume(tid, 0);
        }
        case SCT_ACT_KILL: kill(who.get_tgid(), a->sig); break;
        case SCT_ACT_ALTER_MEM:
          if (a == &cb) {  // from a callback (a rule's own ALTER was applied above)
            std::string problem = alter_mem(tid, args, *a);
            if (!problem.empty()) s_.events.warn(tid, "alter: " + problem + "; call left unchanged");
          }
          break;
        default: break;
      }
    }
    if (after_matches(tid, compat, nr, args)) pending_[tid] = {3, nr, compat, info.arch, {args[0], args[1], args[2], args[3], args[4], args[5]}};
    resume(tid, 0);
  }

  // Whether to stop this call at its exit: only when an after-rule's filter matches it.
  bool after_matches(pid_t tid, bool compat, int nr, const uint64_t args[6], int tier = 3) {
    return s_.rules.any(tier, compat, nr, 1) && s_.rules.any_filter_matches(tier, compat, nr, 1, tid, args);
  }

  void on_syscall_stop(pid_t tid) {
    auto it = pending_.find(tid);
    __ptrace_syscall_info info;
    if (it == pending_.end() || ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof info, &info) <= 0 ||
        info.op != PTRACE_SYSCALL_INFO_EXIT)
      return resume(tid, 0);
    Pending p = it->second;
    pending_.erase(it);
    int64_t ret = info.exit.rval;
    auto saved = bounced_r9_.find(tid);
    if (saved != bounced_r9_.end()) {
      poke(tid, kArgOff[5], saved->second);
      bounced_r9_.erase(saved);
    }
    Caller who(tid, tgid(tid));
    Verdict v = s_.rules.evaluate(p.tier, p.compat, p.nr, 1, who, p.args);
    int64_t seen = ret;
    Action cb;
    const Action* a = v.decider ? &v.decider->action : nullptr;
    if (a && a->type == SCT_ACT_CALLBACK) a = s_.ask_callback(v, who, p.compat, p.nr, p.arch, 1, p.args, &ret, &cb) ? &cb : nullptr;
    if (a) {
      if (a->type == SCT_ACT_FAIL) seen = -(int64_t)a->err;
      if (a->type == SCT_ACT_RETURN || a->type == SCT_ACT_ALTER_RET) seen = a->value;
      if (seen != ret) poke(tid, kRax, (uint64_t)seen);
      if (a->type == SCT_ACT_SUSPEND) {
        s_.suspend(who.get_tgid(), a->us);
        kill(who.get_tgid(), SIGSTOP);
      }
      if (a->type == SCT_ACT_KILL) kill(who.get_tgid(), a->sig);
      if (a->type == SCT_ACT_DELAY) {
        s_.emit_matches(v, who, p.compat, p.nr, p.arch, 1, p.args, &ret, &seen);
        held_[tid] = {now_ns() + a->us * 1000, true};
        return;
      }
    }
    s_.emit_matches(v, who, p.compat, p.nr, p.arch, 1, p.args, &ret, &seen);
    resume(tid, 0);
  }

  // CLONE_UNTRACED would let the child escape; clear it (clone: register; clone3: struct in memory).
  void clear_untraced(pid_t tid, int nr, uint64_t args[6]) {
    if (nr == SCT_X86_64_NR_clone && (args[0] & CLONE_UNTRACED)) {
      args[0] &= ~(uint64_t)CLONE_UNTRACED;
      poke(tid, kArgOff[0], args[0]);
    } else if (nr == SCT_X86_64_NR_clone3 && args[0]) {
      std::string flags;
      if (read_bytes(tid, args[0], 8, &flags)) {
        uint64_t f;
        memcpy(&f, flags.data(), 8);
        if (f & CLONE_UNTRACED) {
          f &= ~(uint64_t)CLONE_UNTRACED;
          if (!write_bytes(tid, args[0], &f, 8)) s_.events.warn(tid, "cannot clear CLONE_UNTRACED in clone3's arguments");
        }
      }
    }
  }

  void emit_proc(int kind, pid_t pid, int child, int status, bool has_status, std::string msg = {}) {
    Event e;
    e.kind = kind;
    e.pid = e.tid = pid;
    if (kind == EV_FORK) {
      e.has_child = true;
      e.child = child;
    }
    e.has_status = has_status;
    e.status = status;
    e.message = std::move(msg);
    s_.events.push(std::move(e));
  }

  void handle(pid_t tid, int st) {
    if (WIFEXITED(st) || WIFSIGNALED(st)) {
      pending_.erase(tid);
      bounced_r9_.erase(tid);
      held_.erase(tid);
      restarts_.erase(tid);
      tgids_.erase(tid);
      s_.set_traced(tid, false);
      if (procs_.erase(tid)) emit_proc(EV_EXIT, tid, 0, WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st), true);
      return;
    }
    if (!WIFSTOPPED(st)) return;
    int sig = WSTOPSIG(st), ev = st >> 16;
    unsigned long msg = 0;
    switch (ev) {
      case PTRACE_EVENT_SECCOMP: return on_seccomp(tid);
      case PTRACE_EVENT_FORK: case PTRACE_EVENT_VFORK: case PTRACE_EVENT_CLONE:
        ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg);
        // CLONE_THREAD: same thread group; otherwise a new process (the new tid is its tgid).
        if (ev == PTRACE_EVENT_CLONE && tgid_of((pid_t)msg) != (pid_t)msg) {
          tgids_[(pid_t)msg] = tgid(tid);
        } else {
          tgids_[(pid_t)msg] = (pid_t)msg;
          procs_.insert((pid_t)msg);
          s_.set_traced((pid_t)msg, true);
          emit_proc(EV_FORK, tgid(tid), (int)msg, 0, false);
        }
        return resume(tid, 0);
      case PTRACE_EVENT_EXEC: {
        // A non-leader thread that execs takes the leader's tid; the old tid is gone.
        ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg);
        if ((pid_t)msg != tid) tgids_.erase((pid_t)msg);
        tgids_[tid] = tid;
        restarts_.erase(tid);
        pending_.erase(tid);
        std::string exe;
        read_link("/proc/" + std::to_string(tid) + "/exe", &exe);
        emit_proc(EV_EXEC, tid, 0, 0, false, exe);
        return resume(tid, 0);
      }
      case PTRACE_EVENT_STOP:
        if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
          ptrace(PTRACE_LISTEN, tid, 0, 0);  // group stop: stay stopped until SIGCONT
          return;
        }
        return resume(tid, 0);  // a new tracee's first stop, or the end of a group stop
      case 0:
        if (sig == (SIGTRAP | 0x80)) return on_syscall_stop(tid);
        if (sig == SIGSTOP && s_.take_bounce(tid)) {
          siginfo_t si{};
          if (ptrace(PTRACE_GETSIGINFO, tid, 0, &si) == 0 && si.si_code == SI_TKILL && si.si_pid == getpid()) {
            // The notify thread's bounce: the call returns -ERESTARTNOINTR and is re-executed,
            // with r9 (unused by these calls) marked so that the filter sends it here.
            bounced_r9_[tid] = peek(tid, kArgOff[5]);
            poke(tid, kArgOff[5], kBounceMarker);
            return resume(tid, 0);
          }
          s_.mark_bounce(tid);  // someone else's SIGSTOP came first; ours is still queued
        }
        return resume(tid, sig);  // signal-delivery stop: deliver it
      default: return resume(tid, 0);
    }
  }

  void run() {
    for (;;) {
      int flags = __WALL | __WNOTHREAD;
      if (!held_.empty()) flags |= WNOHANG;
      int st;
      pid_t tid = waitpid(-1, &st, flags);
      if (tid < 0) {
        if (errno == EINTR) continue;
        break;  // ECHILD: no tracee left
      }
      if (tid > 0) handle(tid, st);
      if (held_.empty()) continue;
      uint64_t now = now_ns(), next = UINT64_MAX;
      for (auto it = held_.begin(); it != held_.end();) {
        if (it->second.due <= now) {
          pid_t t = it->first;
          it = held_.erase(it);
          resume(t, 0);
        } else {
          next = std::min(next, it->second.due);
          ++it;
        }
      }
      if (tid == 0 && next != UINT64_MAX) {
        uint64_t d = std::min<uint64_t>(next - now, 1000000);  // poll for stops every <= 1 ms
        timespec ts{0, (long)d};
        nanosleep(&ts, nullptr);
      }
    }
  }

  std::set<pid_t> procs_;

 private:
  Session& s_;
  std::map<pid_t, Pending> pending_;
  std::map<pid_t, HeldStop> held_;
  std::unordered_map<pid_t, pid_t> tgids_;    // tid -> tgid, learnt from fork/clone/exec events
  std::unordered_map<pid_t, int> restarts_;   // tid -> nr of the call held by SUSPEND before
  std::unordered_map<pid_t, uint64_t> bounced_r9_;  // tid -> r9 before the bounce marker
};

}  // namespace

void Session::trace_loop(int* seize_result, std::mutex* mu, std::condition_variable* cv) {
  block_signals_in_this_thread();
  long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
              PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
  int r = ptrace(PTRACE_SEIZE, target_, 0, opts) == 0 ? 0 : -errno;
  {
    std::lock_guard<std::mutex> g(*mu);  // notify under the lock: launch() owns mu and cv
    *seize_result = r;
    cv->notify_all();
  }
  if (r < 0) return;
  Tracer t(*this);
  t.procs_.insert(target_);
  set_traced(target_, true);
  t.run();
}

}  // namespace sct
