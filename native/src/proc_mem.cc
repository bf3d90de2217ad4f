#include "proc_mem.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "rules.h"
#include "sct/prog.h"

namespace sct {
namespace {
constexpr size_t kPage = 4096;

ssize_t vm_read(pid_t tid, uint64_t addr, void* buf, size_t len) {
  iovec local{buf, len};
  iovec remote{reinterpret_cast<void*>(addr), len};
  return process_vm_readv(tid, &local, 1, &remote, 1, 0);
}
}  // namespace

bool read_str(pid_t tid, uint64_t addr, size_t max, std::string* out) {
  out->clear();
  char buf[kPage];
  while (out->size() < max) {
    size_t chunk = kPage - (addr % kPage);
    if (chunk > max - out->size()) chunk = max - out->size();
    ssize_t n = vm_read(tid, addr, buf, chunk);
    if (n <= 0) return !out->empty();
    size_t l = strnlen(buf, (size_t)n);
    out->append(buf, l);
    if (l < (size_t)n) return true;
    addr += (uint64_t)n;
  }
  return true;
}

bool read_bytes(pid_t tid, uint64_t addr, size_t len, std::string* out) {
  out->assign(len, '\0');
  size_t got = 0;
  while (got < len) {
    ssize_t n = vm_read(tid, addr + got, &(*out)[got], len - got);
    if (n <= 0) break;
    got += (size_t)n;
  }
  out->resize(got);
  return got == len;
}

bool write_bytes(pid_t tid, uint64_t addr, const void* data, size_t len) {
  iovec local{const_cast<void*>(data), len};
  iovec remote{reinterpret_cast<void*>(addr), len};
  if (process_vm_writev(tid, &local, 1, &remote, 1, 0) == (ssize_t)len) return true;
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/mem", tid);
  int fd = open(path, O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  ssize_t n = pwrite(fd, data, len, (off_t)addr);
  close(fd);
  return n == (ssize_t)len;
}

std::string alter_mem(pid_t tid, const uint64_t args[6], const Action& a) {
  uint64_t ptr = args[a.arg];
  std::string arg = "argument " + std::to_string(a.arg);
  if (a.sock_field >= 0) {
    uint16_t v = (uint16_t)a.value;
    if (a.sock_field == 1) v = (uint16_t)((v << 8) | (v >> 8));  // the port, in network order
    return write_bytes(tid, ptr + (a.sock_field == 1 ? 2 : 0), &v, 2) ? "" : "cannot write the sockaddr of " + arg;
  }
  std::string orig;
  if (!read_str(tid, ptr, SCT_PROG_MAX_STR, &orig)) return "cannot read " + arg;
  if (a.bytes.size() > orig.size() + 1)
    return std::to_string(a.bytes.size()) + " bytes do not fit in the " + std::to_string(orig.size() + 1) + "-byte string of " + arg;
  if (!write_bytes(tid, ptr, a.bytes.data(), a.bytes.size())) return "cannot write " + arg + ": " + strerror(errno);
  return "";
}

bool read_link(const std::string& path, std::string* out) {
  char buf[SCT_PROG_MAX_STR];
  ssize_t n = readlink(path.c_str(), buf, sizeof buf);
  if (n < 0) return false;
  out->assign(buf, (size_t)n);
  return true;
}

bool read_small_file(const std::string& path, std::string* out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  if (n < 0) return false;
  out->assign(buf, (size_t)n);
  return true;
}

bool status_field(pid_t tid, const char* key, int index, int64_t* out) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/status", tid);
  FILE* f = fopen(path, "re");
  if (!f) return false;
  char line[256];
  size_t kl = strlen(key);
  bool ok = false;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, key, kl) != 0 || line[kl] != ':') continue;
    char* p = line + kl + 1;
    for (int i = 0; i <= index; i++) {
      char* end;
      long long v = strtoll(p, &end, 10);
      if (end == p) break;
      if (i == index) {
        *out = v;
        ok = true;
      }
      p = end;
    }
    break;
  }
  fclose(f);
  return ok;
}

ProcFacts proc_facts(pid_t tid, pid_t tgid) {
  ProcFacts f;
  f.has = true;
  std::string base = "/proc/" + std::to_string(tgid);
  read_link(base + "/exe", &f.exe);
  read_link(base + "/cwd", &f.cwd);
  status_field(tid, "PPid", 0, &f.ppid);
  status_field(tid, "Uid", 0, &f.uid);
  char path[64], buf[64];
  snprintf(path, sizeof path, "/proc/%d/task/%d/comm", tgid, tid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    if (n > 0) f.comm.assign(buf, buf[n - 1] == '\n' ? (size_t)n - 1 : (size_t)n);
  }
  return f;
}

pid_t tgid_of(pid_t tid) {
  int64_t v;
  return status_field(tid, "Tgid", 0, &v) ? (pid_t)v : tid;
}

char proc_state(pid_t pid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  char* p = strrchr(buf, ')');
  return p && p[1] == ' ' ? p[2] : 0;
}

bool CallInput::var(int which, int64_t* out) {
  switch (which) {
    case SCT_VAR_PID: *out = tgid_of(tid_); return true;
    case SCT_VAR_TID: *out = tid_; return true;
    case SCT_VAR_PPID: return status_field(tid_, "PPid", 0, out);
    case SCT_VAR_UID: return status_field(tid_, "Uid", 0, out);
    case SCT_VAR_EUID: return status_field(tid_, "Uid", 1, out);
    case SCT_VAR_GID: return status_field(tid_, "Gid", 0, out);
    default: return false;
  }
}

bool CallInput::str(int src, int argi, std::string* out) {
  std::string base = "/proc/" + std::to_string(tid_);
  switch (src) {
    case SCT_STR_ARG:
      read_any = true;
      if (!(seen_mask & (1u << argi))) {
        if (!read_str(tid_, args_[argi], SCT_PROG_MAX_STR, &seen[argi])) return false;
        seen_mask |= (uint8_t)(1u << argi);
      }
      *out = seen[argi];
      return true;
    case SCT_STR_FD_PATH: return read_link(base + "/fd/" + std::to_string((int)args_[argi]), out);
    case SCT_STR_EXE: return read_link(base + "/exe", out);
    case SCT_STR_CWD: return read_link(base + "/cwd", out);
    case SCT_STR_COMM: {
      char buf[64];
      int fd = open((base + "/comm").c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return false;
      ssize_t n = read(fd, buf, sizeof buf);
      close(fd);
      if (n <= 0) return false;
      if (buf[n - 1] == '\n') n--;
      out->assign(buf, (size_t)n);
      return true;
    }
    default: return false;
  }
}

bool CallInput::sock(int argi, int lenarg, std::string* raw) {
  uint64_t len = args_[lenarg];
  if (len > 128) len = 128;  // sizeof(struct sockaddr_storage)
  read_any = true;
  return read_bytes(tid_, args_[argi], (size_t)len, raw);
}

}  // namespace sct
