#include "arg_decode.h"

#include <vector>

#include "proc_mem.h"
#include "sct/tables.h"
#include "sct_prog.h"

namespace sct {
namespace {

const sct_syscall_info* info_for(int nr) {
  static const std::vector<const sct_syscall_info*> by_nr = [] {
    std::vector<const sct_syscall_info*> v(SCT_X86_64_NR_COUNT, nullptr);
    for (const auto& s : sct_x86_64_syscalls)
      if (s.nr >= 0 && s.nr < (int)v.size()) v[s.nr] = &s;
    return v;
  }();
  return nr >= 0 && nr < (int)by_nr.size() ? by_nr[nr] : nullptr;
}

}  // namespace

std::vector<MemVal> decode_args(pid_t tid, bool compat, int nr, const uint64_t args[6], uint8_t extra_str) {
  std::vector<MemVal> out;
  const sct_syscall_info* si = compat ? nullptr : info_for(nr);
  for (int i = 0; i < 6; i++) {
    int type = si && i < si->nargs ? (int)si->args[i].type : (int)SCT_ARG_NONE;
    if (type == SCT_ARG_PATH || type == SCT_ARG_STRING || (extra_str & (1u << i))) {
      MemVal m{i, true, {}};
      if (args[i] && read_str(tid, args[i], SCT_PROG_MAX_STR, &m.data)) out.push_back(std::move(m));
    } else if (type == SCT_ARG_SOCKADDR && si->args[i].len_arg >= 0) {
      uint64_t len = args[si->args[i].len_arg];
      if (len > 128) len = 128;
      MemVal m{i, false, {}};
      if (args[i] && len && read_bytes(tid, args[i], (size_t)len, &m.data)) out.push_back(std::move(m));
    }
  }
  return out;
}

}  // namespace sct
