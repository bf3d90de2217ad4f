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

#include "proc_mem.h"
#include "sct/tables.h"
#include "session.h"

namespace sct {
namespace {

unsigned long long* arg_reg(user_regs_struct& r, int i) {
  switch (i) {
    case 0: return &r.rdi;
    case 1: return &r.rsi;
    case 2: return &r.rdx;
    case 3: return &r.r10;
    case 4: return &r.r8;
    default: return &r.r9;
  }
}

struct Pending {  // a call whose exit stop we wait for
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

  void on_seccomp(pid_t tid) {
    __ptrace_syscall_info info;
    if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof info, &info) <= 0 || info.op != PTRACE_SYSCALL_INFO_SECCOMP)
      return resume(tid, 0);
    bool compat = info.arch == SCT_AUDIT_ARCH_I386;
    int nr = (int)info.seccomp.nr;
    if (!compat && (nr & SCT_X32_SYSCALL_BIT)) nr &= ~SCT_X32_SYSCALL_BIT;
    uint64_t args[6];
    for (int i = 0; i < 6; i++) args[i] = info.seccomp.args[i];
    if (!compat) clear_untraced(tid, nr, args);
    pid_t tgid = tgid_of(tid);
    Verdict v = s_.rules.evaluate(3, compat, nr, 0, tid, tgid, args);
    s_.emit_matches(v, tid, tgid, compat, nr, info.arch, 0, args, nullptr, nullptr);
    bool after = s_.rules.any(3, compat, nr, 1);
    if (v.decider) {
      const Action& a = v.decider->action;
      user_regs_struct regs;
      switch (a.type) {
        case A_FAIL: case A_RETURN:
          ptrace(PTRACE_GETREGS, tid, 0, &regs);
          regs.orig_rax = (unsigned long long)-1;
          regs.rax = a.type == A_FAIL ? (unsigned long long)(-(long long)a.err) : (unsigned long long)a.value;
          ptrace(PTRACE_SETREGS, tid, 0, &regs);
          return resume(tid, 0);  // the call is skipped: no exit stop to wait for
        case A_ALTER_REG:
          ptrace(PTRACE_GETREGS, tid, 0, &regs);
          *arg_reg(regs, a.arg) = (unsigned long long)a.value;
          ptrace(PTRACE_SETREGS, tid, 0, &regs);
          args[a.arg] = (uint64_t)a.value;
          break;
        case A_DELAY:
          if (after) pending_[tid] = {nr, compat, info.arch, {args[0], args[1], args[2], args[3], args[4], args[5]}};
          held_[tid] = {now_ns() + a.us * 1000, false};
          return;
        case A_SUSPEND: s_.suspend(tgid, a.us); kill(tgid, SIGSTOP); break;
        case A_KILL: kill(tgid, a.sig); break;
        case A_ALTER_MEM:
          if (a.bytes.size() && !write_bytes(tid, args[a.arg], a.bytes.data(), a.bytes.size()))
            s_.events.warn(tid, "alter: cannot write argument " + std::to_string(a.arg));
          break;
        default: break;
      }
    }
    if (after) pending_[tid] = {nr, compat, info.arch, {args[0], args[1], args[2], args[3], args[4], args[5]}};
    resume(tid, 0);
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
    pid_t tgid = tgid_of(tid);
    Verdict v = s_.rules.evaluate(3, p.compat, p.nr, 1, tid, tgid, p.args);
    int64_t seen = ret;
    if (v.decider) {
      const Action& a = v.decider->action;
      if (a.type == A_FAIL) seen = -(int64_t)a.err;
      if (a.type == A_RETURN || a.type == A_ALTER_RET) seen = a.value;
      if (seen != ret) {
        user_regs_struct regs;
        ptrace(PTRACE_GETREGS, tid, 0, &regs);
        regs.rax = (unsigned long long)seen;
        ptrace(PTRACE_SETREGS, tid, 0, &regs);
      }
      if (a.type == A_SUSPEND) {
        s_.suspend(tgid, a.us);
        kill(tgid, SIGSTOP);
      }
      if (a.type == A_KILL) kill(tgid, a.sig);
      if (a.type == A_DELAY) {
        s_.emit_matches(v, tid, tgid, p.compat, p.nr, p.arch, 1, p.args, &ret, &seen);
        held_[tid] = {now_ns() + a.us * 1000, true};
        return;
      }
    }
    s_.emit_matches(v, tid, tgid, p.compat, p.nr, p.arch, 1, p.args, &ret, &seen);
    resume(tid, 0);
  }

  // CLONE_UNTRACED would let the child escape; clear it (clone: register; clone3: struct in memory).
  void clear_untraced(pid_t tid, int nr, uint64_t args[6]) {
    if (nr == SCT_X86_64_NR_clone && (args[0] & CLONE_UNTRACED)) {
      user_regs_struct regs;
      ptrace(PTRACE_GETREGS, tid, 0, &regs);
      regs.rdi &= ~(unsigned long long)CLONE_UNTRACED;
      ptrace(PTRACE_SETREGS, tid, 0, &regs);
      args[0] &= ~(uint64_t)CLONE_UNTRACED;
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
      held_.erase(tid);
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
        if (ev != PTRACE_EVENT_CLONE || tgid_of((pid_t)msg) == (pid_t)msg) {
          procs_.insert((pid_t)msg);
          emit_proc(EV_FORK, tgid_of(tid), (int)msg, 0, false);
        }
        return resume(tid, 0);
      case PTRACE_EVENT_EXEC: {
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
  t.run();
}

}  // namespace sct
