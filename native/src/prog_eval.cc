// Interpreter of a verified filter program (prog_verify checked every bound it relies on).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

#include "prog.h"

namespace sct {
namespace {

bool dfa_match(const uint8_t* payload, const std::string& s) {
  uint16_t hdr[4];
  memcpy(hdr, payload, 8);
  unsigned n_states = hdr[0], n_classes = hdr[1], state = hdr[2], dead = hdr[3];
  const uint8_t* classes = payload + 8;
  const uint8_t* accepting = classes + 256;
  const uint8_t* next = accepting + n_states;
  for (unsigned char ch : s) {
    uint16_t ns;
    memcpy(&ns, next + 2 * ((size_t)state * n_classes + classes[ch]), 2);
    state = ns;
    if (state == dead) return false;
  }
  return accepting[state] != 0;
}

bool cmp(int op, bool is_unsigned, int64_t l, int64_t r) {
  if (is_unsigned) {
    uint64_t a = (uint64_t)l, b = (uint64_t)r;
    switch (op) {
      case SCT_CMP_EQ: return a == b;
      case SCT_CMP_NE: return a != b;
      case SCT_CMP_LT: return a < b;
      case SCT_CMP_LE: return a <= b;
      case SCT_CMP_GT: return a > b;
      default: return a >= b;
    }
  }
  switch (op) {
    case SCT_CMP_EQ: return l == r;
    case SCT_CMP_NE: return l != r;
    case SCT_CMP_LT: return l < r;
    case SCT_CMP_LE: return l <= r;
    case SCT_CMP_GT: return l > r;
    default: return l >= r;
  }
}

}  // namespace

bool sock_field(const std::string& raw, int field, int64_t* out) {
  if (raw.size() < sizeof(sa_family_t)) return false;
  sa_family_t fam;
  memcpy(&fam, raw.data(), sizeof fam);
  if (field == SCT_SOCK_FAMILY) {
    *out = fam;
    return true;
  }
  if ((fam == AF_INET && raw.size() >= sizeof(sockaddr_in)) || (fam == AF_INET6 && raw.size() >= sizeof(sockaddr_in6))) {
    uint16_t port;
    memcpy(&port, raw.data() + offsetof(sockaddr_in, sin_port), 2);  // same offset in sockaddr_in6
    *out = ntohs(port);
    return true;
  }
  return false;
}

bool sock_text(const std::string& raw, int src, std::string* out) {
  if (raw.size() < sizeof(sa_family_t)) return false;
  sa_family_t fam;
  memcpy(&fam, raw.data(), sizeof fam);
  if (src == SCT_STR_SOCK_PATH) {
    if (fam != AF_UNIX) return false;
    const char* p = raw.data() + offsetof(sockaddr_un, sun_path);
    size_t n = raw.size() - offsetof(sockaddr_un, sun_path);
    if (n > 0 && p[0] == '\0') {  // abstract: keep the leading NUL as '@', like ss(8)
      *out = "@" + std::string(p + 1, n - 1);
    } else {
      *out = std::string(p, strnlen(p, n));
    }
    return true;
  }
  char buf[INET6_ADDRSTRLEN];
  if (fam == AF_INET && raw.size() >= sizeof(sockaddr_in)) {
    sockaddr_in a;
    memcpy(&a, raw.data(), sizeof a);
    if (!inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf)) return false;
  } else if (fam == AF_INET6 && raw.size() >= sizeof(sockaddr_in6)) {
    sockaddr_in6 a;
    memcpy(&a, raw.data(), sizeof a);
    if (!inet_ntop(AF_INET6, &a.sin6_addr, buf, sizeof buf)) return false;
  } else {
    return false;
  }
  *out = buf;
  return true;
}

bool prog_eval(const Prog& prog, ProgInput& in) {
  int64_t st[SCT_PROG_MAX_STACK + 1];
  int sp = 0;
  std::string reg;
  for (unsigned pc = 0; pc < prog.n_insns;) {
    const sct_insn& i = prog.insns[pc];
    switch (i.op) {
      case SCT_OP_RET: return sp == 0 ? true : st[sp - 1] != 0;
      case SCT_OP_PUSH_IMM: st[sp++] = i.imm; break;
      case SCT_OP_PUSH_ARG: {
        int64_t v = in.arg(i.a);
        if (i.b == SCT_ARGW_S32) v = (int32_t)(uint32_t)(uint64_t)v;
        else if (i.b == SCT_ARGW_U32) v = (int64_t)(uint32_t)(uint64_t)v;
        st[sp++] = v;
        break;
      }
      case SCT_OP_PUSH_VAR: {
        int64_t v;
        if (!in.var(i.a, &v)) return false;
        st[sp++] = v;
        break;
      }
      case SCT_OP_CMP: {
        int64_t r = st[--sp], l = st[--sp];
        st[sp++] = cmp(i.a, i.b != 0, l, r);
        break;
      }
      case SCT_OP_MASK: st[sp - 1] = (st[sp - 1] & i.imm) != 0; break;
      case SCT_OP_NOT: st[sp - 1] = !st[sp - 1]; break;
      case SCT_OP_JZ: case SCT_OP_JNZ: {
        bool z = st[sp - 1] == 0;
        if (z == (i.op == SCT_OP_JZ)) {
          pc += 1 + i.c;
          continue;
        }
        sp--;
        break;
      }
      case SCT_OP_SOCK_FIELD: {
        std::string raw;
        int64_t v;
        if (!in.sock(i.b, i.c, &raw) || !sock_field(raw, i.a, &v)) return false;
        st[sp++] = v;
        break;
      }
      case SCT_OP_STR_LOAD:
        if (i.a == SCT_STR_SOCK_PATH || i.a == SCT_STR_SOCK_IP) {
          std::string raw;
          if (!in.sock(i.b, i.c, &raw) || !sock_text(raw, i.a, &reg)) return false;
        } else if (!in.str(i.a, i.b, &reg)) {
          return false;
        }
        break;
      case SCT_OP_STR_EQ: {
        auto* c = reinterpret_cast<const sct_const*>(prog.consts[i.c]);
        const char* payload = reinterpret_cast<const char*>(c + 1);
        st[sp++] = reg.size() == c->len && memcmp(reg.data(), payload, c->len) == 0;
        break;
      }
      case SCT_OP_STR_MATCH: {
        auto* c = reinterpret_cast<const sct_const*>(prog.consts[i.c]);
        st[sp++] = dfa_match(reinterpret_cast<const uint8_t*>(c + 1), reg);
        break;
      }
      default: return false;
    }
    pc++;
  }
  return false;
}

}  // namespace sct
