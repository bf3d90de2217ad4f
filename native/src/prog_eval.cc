// The supervisor's side of the filter interpreter (include/sct/prog_interp.h, shared with the
// kernel module): the hooks through which it reads one call, over a ProgInput.
#include <arpa/inet.h>

#include <cstring>

#include "prog_host.h"
#include "sct/prog_interp.h"

namespace sct {
namespace {

struct Env {
  ProgInput& in;
  std::string reg;  // the string register's bytes (a load replaces them)
  std::string raw;  // the last sockaddr read
};

__u64 arg(void* env, unsigned int i) { return (__u64) static_cast<Env*>(env)->in.arg((int)i); }

bool var(void* env, unsigned int which, __s64* out) {
  int64_t v;
  if (!static_cast<Env*>(env)->in.var((int)which, &v)) return false;
  *out = v;
  return true;
}

long str(void* env, unsigned int src, unsigned int argi) {
  Env* e = static_cast<Env*>(env);
  if (!e->in.str((int)src, (int)argi, &e->reg)) return -1;
  return (long)e->reg.size();
}

long sockaddr(void* env, unsigned int ptr_arg, unsigned int len_arg, const __u8** out) {
  Env* e = static_cast<Env*>(env);
  if (!e->in.sock((int)ptr_arg, (int)len_arg, &e->raw)) return -1;
  *out = reinterpret_cast<const __u8*>(e->raw.data());
  return (long)e->raw.size();
}

char* text_buf(void* env, unsigned long n) {
  Env* e = static_cast<Env*>(env);
  e->reg.assign(n + 1, '\0');
  return &e->reg[0];
}

const char* reg(void* env) { return static_cast<Env*>(env)->reg.data(); }

long ip_text(void*, int family, const void* addr, char* buf, unsigned long size) {
  union {
    in_addr v4;
    in6_addr v6;
  } a;  // an aligned copy: addr points into the raw sockaddr bytes
  memcpy(&a, addr, family == AF_INET ? sizeof a.v4 : sizeof a.v6);
  if (!inet_ntop(family, &a, buf, (socklen_t)size)) return -1;
  return (long)strlen(buf);
}

const sct_interp_ops ops = {arg, var, str, sockaddr, text_buf, reg, ip_text};

}  // namespace

bool prog_eval(const Prog& prog, ProgInput& in) {
  Env env{in, {}, {}};
  const sct_interp_prog p{prog.blob, prog.const_off, prog.n_insns};
  return sct_interp_run(&p, &ops, &env);
}

}  // namespace sct
