// See guard.h. Layout, per architecture the host runs (x86_64 and its i386 ABI, or aarch64):
//   ld arch; jne ARCH -> next arch
//   for each guarded call: ld nr; jne NR -> next call; for each pid argument: ld its low 32 bits,
//     jeq keeper / -keeper / -1 -> deny; ret ALLOW
//   ...; ret ALLOW; deny: ret ERRNO(EPERM)
#include "guard.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>

#include <cstdint>

#include "sct/tables.h"

namespace sct {
namespace {

struct Guarded {
  const char* name;
  unsigned char pid_args;  // bit i: argument i is a pid (a thread-group or thread id)
  bool group;              // argument 0 may also name a process group (-pgid)
};

// kill(-1, sig) is left alone: refusing it would hide it from the rules (a rule on kill(-1) never
// saw the call) and change what a target that means it gets; it remains a way to kill the keeper.
constexpr Guarded kGuarded[] = {
    {"kill", 1, true},          {"tkill", 1, false},     {"tgkill", 3, false}, {"rt_sigqueueinfo", 1, false},
    {"rt_tgsigqueueinfo", 3, false}, {"pidfd_open", 1, false}, {"prlimit64", 1, false},
};

struct Arch {
  uint32_t audit;
  const char* const* names;
  int count;
};

int nr_of(const Arch& a, const char* name) {
  for (int i = 0; i < a.count; i++)
    if (a.names[i] && strcmp(a.names[i], name) == 0) return i;
  return -1;
}

class Emitter {
 public:
  explicit Emitter(sock_filter* out) : out_(out) {}
  int pos() const { return n_; }
  int emit(sock_filter f) {
    if (n_ < kGuardMaxInsns) out_[n_] = f;
    return n_++;
  }
  // A forward jump whose targets are filled in later (patch_*).
  int jeq(uint32_t k) { return emit(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, 0, 0)); }
  void patch_true(int at, int target) { out_[at].jt = (unsigned char)(target - at - 1); }
  void patch_false(int at, int target) { out_[at].jf = (unsigned char)(target - at - 1); }
  bool ok() const { return n_ <= kGuardMaxInsns; }

 private:
  sock_filter* out_;
  int n_ = 0;
};

}  // namespace

int build_guard(pid_t keeper, sock_filter* out) {
#if defined(__x86_64__)
  const Arch arches[] = {{SCT_AUDIT_ARCH_X86_64, sct_x86_64_syscall_names, SCT_X86_64_NR_COUNT},
                         {SCT_AUDIT_ARCH_I386, sct_i386_syscall_names, SCT_I386_NR_COUNT}};
#else
  const Arch arches[] = {{SCT_AUDIT_ARCH_AARCH64, sct_aarch64_syscall_names, SCT_AARCH64_NR_COUNT}};
#endif
  Emitter e(out);
  int deny_jumps[kGuardMaxInsns], nd = 0;
  for (const Arch& a : arches) {
    e.emit(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
    int arch_jump = e.jeq(a.audit);
    e.patch_true(arch_jump, arch_jump + 1);
    for (const Guarded& g : kGuarded) {
      int nr = nr_of(a, g.name);
      if (nr < 0) continue;
      e.emit(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
      int call_jump = e.jeq((uint32_t)nr);
      e.patch_true(call_jump, call_jump + 1);
      for (int arg = 0; arg < 6; arg++) {
        if (!(g.pid_args & (1 << arg))) continue;
        // The low 32 bits (x86_64 and aarch64 are little-endian; a pid_t is an int).
        e.emit(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)(offsetof(seccomp_data, args) + 8 * arg)));
        uint32_t ks[2] = {(uint32_t)keeper, (uint32_t)-keeper};
        for (int k = 0; k < (g.group && arg == 0 ? 2 : 1); k++) {
          int j = e.jeq(ks[k]);
          e.patch_false(j, j + 1);
          deny_jumps[nd++] = j;
        }
      }
      e.emit(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
      e.patch_false(call_jump, e.pos());
    }
    e.emit(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    e.patch_false(arch_jump, e.pos());
  }
  e.emit(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  int deny = e.emit(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
  if (!e.ok()) return 0;
  for (int i = 0; i < nd; i++) e.patch_true(deny_jumps[i], deny);
  return e.pos();
}

}  // namespace sct
