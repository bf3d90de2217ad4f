// The notification thread: tier-2 rules, decided on SECCOMP_RET_USER_NOTIF.
// Follows the kernel's samples/seccomp/user-trap.c: buffers sized by SECCOMP_GET_NOTIF_SIZES and
// zeroed before each receive; target memory is read, *then* the id is re-validated before acting;
// ENOENT on send means the target is gone. DELAY holds the call in a timer list (never blocks).
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
#include <cstring>
#include <vector>

#include "proc_mem.h"
#include "sct/tables.h"
#include "session.h"

namespace sct {
namespace {

struct Held {
  uint64_t due;
  uint64_t id;
};

class Notifier {
 public:
  Notifier(Session& s, int listener) : s_(s), fd_(listener) {
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

  // Receives and handles one notification.
  void handle_one() {
    std::fill(notif_.begin(), notif_.end(), 0);
    auto* n = reinterpret_cast<seccomp_notif*>(notif_.data());
    if (ioctl(fd_, SECCOMP_IOCTL_NOTIF_RECV, n) < 0) return;
    pid_t tid = (pid_t)n->pid;
    bool compat = n->data.arch == SCT_AUDIT_ARCH_I386;
    int nr = n->data.nr;
    if (!compat && (nr & SCT_X32_SYSCALL_BIT)) nr &= ~SCT_X32_SYSCALL_BIT;
    uint64_t args[6];
    for (int i = 0; i < 6; i++) args[i] = n->data.args[i];
    pid_t tgid = tgid_of(tid);
    Verdict v = s_.rules.evaluate(2, compat, nr, 0, tid, tgid, args);
    s_.emit_matches(v, tid, tgid, compat, nr, n->data.arch, 0, args, nullptr, nullptr);
    if (!v.matches.empty()) {
      uint64_t id = n->id;
      if (ioctl(fd_, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0) return;  // gone: the reads may be of another process
    }
    if (!v.decider) return cont(n->id);
    const Action& a = v.decider->action;
    switch (a.type) {
      case A_FAIL: return respond(n->id, 0, -a.err, 0);
      case A_RETURN: return respond(n->id, a.value, 0, 0);
      case A_DELAY: held_.push_back({now_ns() + a.us * 1000, n->id}); return;
      case A_SUSPEND:
        // The call completes and the process stops on its way back to user space (state T).
        // Holding the call instead would leave the caller in an uninterruptible wait (state D).
        s_.suspend(tgid, a.us);
        kill(tgid, SIGSTOP);
        return cont(n->id);
      case A_KILL:
        kill(tgid, a.sig);
        if (a.sig == SIGKILL) return;  // no answer: the call never runs
        return cont(n->id);
      case A_ALTER_MEM: alter_mem(tid, args, a); return cont(n->id);
      default: return cont(n->id);
    }
  }

  // Writes the new bytes over the argument's memory: only when they fit in the original string
  // (or, for a sockaddr field, in place). Not TOCTOU-proof: another thread may rewrite it.
  void alter_mem(pid_t tid, const uint64_t args[6], const Action& a) {
    uint64_t ptr = args[a.arg];
    if (a.sock_field >= 0) {
      uint16_t v = a.sock_field == 1 ? htons_((uint16_t)a.value) : (uint16_t)a.value;
      if (!write_bytes(tid, ptr + (a.sock_field == 1 ? 2 : 0), &v, 2))
        s_.events.warn(tid, "alter: cannot write the sockaddr of argument " + std::to_string(a.arg));
      return;
    }
    std::string orig;
    if (!read_str(tid, ptr, SCT_PROG_MAX_STR, &orig)) {
      s_.events.warn(tid, "alter: cannot read argument " + std::to_string(a.arg));
      return;
    }
    if (a.bytes.size() > orig.size() + 1) {
      s_.events.warn(tid, "alter: " + std::to_string(a.bytes.size()) + " bytes do not fit in the " +
                              std::to_string(orig.size() + 1) + "-byte string of argument " + std::to_string(a.arg) +
                              "; call left unchanged");
      return;
    }
    if (!write_bytes(tid, ptr, a.bytes.data(), a.bytes.size()))
      s_.events.warn(tid, "alter: cannot write argument " + std::to_string(a.arg) + ": " + strerror(errno));
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
  static uint16_t htons_(uint16_t v) { return (uint16_t)((v << 8) | (v >> 8)); }
  Session& s_;
  int fd_;
  std::vector<char> notif_, resp_;
  std::vector<Held> held_;
};

}  // namespace

void Session::notify_loop() {
  block_signals_in_this_thread();
  Notifier n(*this, listener_);
  n.run(stop_notify_, notif_wake_);
}

}  // namespace sct
