#include "arg_decode.h"

#include <fcntl.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "proc_mem.h"
#include "sct/tables.h"
#include "sct/prog.h"

namespace sct {
namespace {

// A buffer (read's data, write's data) is read up to this many bytes: what `sct trace -s` can show.
constexpr size_t kBufMax = 4096;
// A pointer to a struct (stat 144 bytes, statx 256, sigaction 32, an fd pair 8) is read whole up to this.
constexpr size_t kStructMax = 256;
// argv/envp: at most this many strings, this many bytes in all.
constexpr size_t kStrvMax = 1024, kStrvBytes = 64 * 1024;

// An array of string pointers, NULL-terminated in the target: the strings, each followed by a NUL.
bool read_strv(pid_t tid, uint64_t addr, std::string* out) {
  out->clear();
  for (size_t i = 0; i < kStrvMax && out->size() < kStrvBytes; i++) {
    std::string raw;
    if (!read_bytes(tid, addr + 8 * i, 8, &raw)) return i > 0;
    uint64_t p;
    memcpy(&p, raw.data(), 8);
    if (p == 0) return true;
    std::string s;
    read_str(tid, p, kBufMax, &s);
    out->append(s);
    out->push_back('\0');
  }
  return true;
}

// An iovec array of `count` entries, each followed to its data: a little-endian record
//   u32 entries, then per entry: u64 base, u64 len, u32 bytes read, the bytes
// (harness/src/engine/decode/structs.ts formatIovec). `budget` caps the data of all entries
// together (the call's result for an array the call filled: what it wrote, in order; else the
// rule's buffer limit).
bool read_iov(pid_t tid, uint64_t addr, uint64_t count, uint64_t budget, std::string* out) {
  constexpr uint64_t kIovMax = 64;
  uint64_t n = std::min(count, kIovMax);
  std::string raw;
  if (n == 0 || !read_bytes(tid, addr, n * 16, &raw) || raw.size() < 16) return false;
  n = raw.size() / 16;
  out->clear();
  auto put = [out](const void* p, size_t len) { out->append(static_cast<const char*>(p), len); };
  uint32_t entries = (uint32_t)n;
  put(&entries, 4);
  for (uint64_t i = 0; i < n; i++) {
    uint64_t base, len;
    memcpy(&base, raw.data() + 16 * i, 8);
    memcpy(&len, raw.data() + 16 * i + 8, 8);
    std::string data;
    uint64_t want = std::min(len, budget);
    if (want) read_bytes(tid, base, want, &data);
    budget -= std::min<uint64_t>(budget, len);
    uint32_t got = (uint32_t)data.size();
    put(&base, 8);
    put(&len, 8);
    put(&got, 4);
    out->append(data);
  }
  return true;
}

// A table's rows by syscall number (x86_64: the host the supervisor runs on).
template <typename Row, size_t N>
const Row* by_nr(const Row (&rows)[N], int nr) {
  static const std::vector<const Row*> index = [&rows] {
    std::vector<const Row*> v(SCT_X86_64_NR_COUNT, nullptr);
    for (const auto& r : rows)
      if (r.nr >= 0 && r.nr < (int)v.size()) v[r.nr] = &r;
    return v;
  }();
  return nr >= 0 && nr < (int)index.size() ? index[nr] : nullptr;
}

}  // namespace

std::vector<MemVal> decode_args(pid_t tid, bool compat, int nr, const uint64_t args[6], uint8_t extra_str,
                                const int64_t* retval, size_t buf_max) {
  std::vector<MemVal> out;
  const size_t buf_cap = buf_max ? buf_max : kBufMax;
  const sct_syscall_info* si = compat ? nullptr : by_nr(sct_x86_64_syscalls, nr);
  const sct_event_args* ea = si ? by_nr(sct_x86_64_event_args, nr) : nullptr;
  uint8_t mem_args = ea ? ea->mem : 0, strv_args = ea ? ea->strv : 0;
  uint8_t iov_args = ea ? ea->iov : 0, iov_out_args = ea ? ea->iov_out : 0;
  for (int i = 0; i < 6; i++) {
    int type = si && i < si->nargs ? (int)si->args[i].type : (int)SCT_ARG_NONE;
    if (!args[i]) continue;
    int len_arg = si && i < si->nargs ? si->args[i].len_arg : -1;
    if (type == SCT_ARG_BUF_IN && len_arg >= 0) {
      MemVal m{i, false, {}};
      read_bytes(tid, args[i], std::min<uint64_t>(args[len_arg], buf_cap), &m.data);
      if (!m.data.empty() || args[len_arg] == 0) out.push_back(std::move(m));
      continue;
    }
    if (type == SCT_ARG_BUF_OUT && len_arg >= 0) {
      // What the call wrote: as many bytes as it returned, known only after it ran.
      if (!retval || *retval < 0) continue;
      MemVal m{i, false, {}};
      read_bytes(tid, args[i], std::min<uint64_t>({(uint64_t)*retval, args[len_arg], buf_cap}), &m.data);
      if (!m.data.empty() || *retval == 0) out.push_back(std::move(m));
      continue;
    }
    if (mem_args & (1u << i)) {
      MemVal m{i, false, {}};
      read_bytes(tid, args[i], kStructMax, &m.data);  // a partial read (end of a mapping) is kept
      if (!m.data.empty()) out.push_back(std::move(m));
      continue;
    }
    if ((iov_args & (1u << i)) && i < 5) {
      // What the call filled is there only once it succeeded, as many bytes as it returned.
      bool out_arg = iov_out_args & (1u << i);
      if (out_arg && (!retval || *retval < 0)) continue;
      MemVal m{i, false, {}};
      if (read_iov(tid, args[i], args[i + 1], out_arg ? std::min<uint64_t>((uint64_t)*retval, buf_cap) : buf_cap, &m.data)) out.push_back(std::move(m));
      continue;
    }
    if (strv_args & (1u << i)) {
      MemVal m{i, false, {}};
      if (read_strv(tid, args[i], &m.data)) out.push_back(std::move(m));
      continue;
    }
    if (type == SCT_ARG_PATH || type == SCT_ARG_STRING || (extra_str & (1u << i))) {
      MemVal m{i, true, {}};
      if (read_str(tid, args[i], SCT_PROG_MAX_STR, &m.data)) out.push_back(std::move(m));
    } else if (type == SCT_ARG_SOCKADDR && si->args[i].len_arg >= 0) {
      uint64_t len = args[si->args[i].len_arg];
      if (len > 128) len = 128;
      MemVal m{i, false, {}};
      if (len && read_bytes(tid, args[i], (size_t)len, &m.data)) out.push_back(std::move(m));
    }
  }
  return out;
}

void add_fd_paths(pid_t tid, bool compat, int nr, const uint64_t args[6], const int64_t* retval, std::vector<MemVal>* mem) {
  const sct_syscall_info* si = compat ? nullptr : by_nr(sct_x86_64_syscalls, nr);
  std::string base = "/proc/" + std::to_string(tid) + "/fd/";
  for (int i = 0; si && i < si->nargs; i++) {
    int type = si->args[i].type;
    int fd = (int)args[i];
    if (type != SCT_ARG_FD && type != SCT_ARG_DIRFD) continue;
    bool cwd = type == SCT_ARG_DIRFD && fd == AT_FDCWD;  // strace -y: AT_FDCWD</the/cwd>
    if (fd < 0 && !cwd) continue;
    MemVal m{i, true, {}};
    std::string link = cwd ? "/proc/" + std::to_string(tid) + "/cwd" : base + std::to_string(fd);
    if (read_link(link, &m.data)) mem->push_back(std::move(m));
  }
  if (retval && *retval >= 0 && *retval < (1 << 20)) {
    MemVal m{6, true, {}};
    if (read_link(base + std::to_string(*retval), &m.data)) mem->push_back(std::move(m));
  }
}

void add_fd_info(pid_t tid, bool compat, int nr, const uint64_t args[6], const int64_t* retval, std::vector<MemVal>* mem) {
  const sct_syscall_info* si = compat ? nullptr : by_nr(sct_x86_64_syscalls, nr);
  int fd = -1;
  for (int i = 0; si && i < si->nargs && fd < 0; i++)
    if (si->args[i].type == SCT_ARG_FD && (int)args[i] >= 0) fd = (int)args[i];
  // No fd argument (open, openat): the fd the call returned, if it returned one (JS decides).
  if (fd < 0 && retval && *retval >= 0 && *retval < (1 << 20)) fd = (int)*retval;
  if (fd < 0) return;
  MemVal m{7, true, {}};
  if (read_small_file("/proc/" + std::to_string(tid) + "/fdinfo/" + std::to_string(fd), &m.data)) mem->push_back(std::move(m));
}

}  // namespace sct
