// Load-time checks of a filter program: every limit that sct/prog.h promises, so that the
// interpreter (include/sct/prog_interp.h) can run without bounds checks of its own.
#include <cstring>
#include <string>

#include "prog_host.h"
#include "sct/prog_dfa.h"

namespace sct {
namespace {

std::string fmt(const char* what, unsigned at, long long value) {
  return std::string(what) + " at instruction " + std::to_string(at) + " (" + std::to_string(value) + ")";
}

// Validates one pool entry's payload; returns "" or a message.
std::string check_const(const sct_const* c, const uint8_t* payload, unsigned idx) {
  std::string where = "constant " + std::to_string(idx);
  if (c->kind == SCT_CONST_STR) {
    if (c->len > SCT_PROG_MAX_STR) return where + ": string longer than " + std::to_string(SCT_PROG_MAX_STR);
    return "";
  }
  if (c->kind != SCT_CONST_DFA) return where + ": unknown kind " + std::to_string(c->kind);
  switch (sct_dfa_check(payload, c->len)) {
    case SCT_DFA_OK: return "";
    case SCT_DFA_TOO_SHORT: return where + ": dfa too short";
    case SCT_DFA_BAD_STATES: return where + ": dfa state count out of range";
    case SCT_DFA_BAD_CLASSES: return where + ": dfa class count out of range";
    case SCT_DFA_BAD_START: return where + ": dfa start/dead state out of range";
    case SCT_DFA_BAD_SIZE:
      return where + ": dfa payload is " + std::to_string(c->len) + " bytes, expected " +
             std::to_string(sct_dfa_size(sct_le16(payload), sct_le16(payload + 2)));
    case SCT_DFA_BAD_BYTE_CLASS: return where + ": dfa byte class out of range";
    case SCT_DFA_BAD_TRANSITION: return where + ": dfa transition out of range";
  }
  return where + ": dfa rejected";
}

}  // namespace

std::string prog_verify(const uint8_t* blob, size_t len, Prog* out) {
  sct_prog_header h;
  if (len < sizeof h) return "program shorter than its header (" + std::to_string(len) + " bytes)";
  memcpy(&h, blob, sizeof h);
  if (h.magic != SCT_PROG_MAGIC) return "bad magic";
  if (h.version != SCT_PROG_VERSION) return "unsupported version " + std::to_string(h.version);
  if (h.total_len != len) return "total_len " + std::to_string(h.total_len) + " does not match the blob size " + std::to_string(len);
  if (h.n_insns == 0) return "empty program";
  if (h.n_insns > SCT_PROG_MAX_INSNS)
    return "program too long: " + std::to_string(h.n_insns) + " instructions, at most " + std::to_string(SCT_PROG_MAX_INSNS);
  if (h.n_consts > SCT_PROG_MAX_CONSTS) return "too many constants: " + std::to_string(h.n_consts);
  size_t insn_end = sizeof h + (size_t)h.n_insns * sizeof(sct_insn);
  if (insn_end > len) return "program truncated inside its instructions";
  Prog p;
  p.insns = reinterpret_cast<const sct_insn*>(blob + sizeof h);
  p.n_insns = h.n_insns;
  p.n_consts = h.n_consts;

  // The pool.
  size_t off = insn_end;
  for (unsigned i = 0; i < h.n_consts; i++) {
    if (off + sizeof(sct_const) > len) return "pool truncated at constant " + std::to_string(i);
    const sct_const* c = reinterpret_cast<const sct_const*>(blob + off);
    if (c->len > len - off - sizeof(sct_const)) return "pool truncated inside constant " + std::to_string(i);
    std::string e = check_const(c, blob + off + sizeof(sct_const), i);
    if (!e.empty()) return e;
    p.consts[i] = c;
    off += sizeof(sct_const) + c->len;
    off = (off + 7) & ~size_t(7);
  }
  if (off < len && len - off >= 8) return "trailing bytes after the pool";

  // Instructions: operands, then stack depths along every path (jumps only go forward, so one
  // pass in order sees every predecessor of an instruction before the instruction itself).
  int depth[SCT_PROG_MAX_INSNS + 1];
  for (int i = 0; i <= h.n_insns; i++) depth[i] = -1;
  depth[0] = 0;
  unsigned reads = 0;
  auto merge = [&](unsigned at, int d, unsigned from) -> std::string {
    if (at >= h.n_insns) return fmt("jump out of the program", from, at);
    if (depth[at] >= 0 && depth[at] != d) return fmt("stack depths disagree at a jump target", from, at);
    depth[at] = d;
    return "";
  };
  if (p.insns[h.n_insns - 1].op != SCT_OP_RET) return "the last instruction is not ret";
  for (unsigned i = 0; i < h.n_insns; i++) {
    const sct_insn& in = p.insns[i];
    int d = depth[i];
    // Operand checks apply to unreachable instructions too.
    int pop = 0, push = 0;
    switch (in.op) {
      case SCT_OP_RET: break;
      case SCT_OP_PUSH_IMM: push = 1; break;
      case SCT_OP_PUSH_ARG:
        if (in.a > 5) return fmt("argument index out of range", i, in.a);
        if (in.b > SCT_ARGW_U32) return fmt("unknown argument width", i, in.b);
        push = 1; break;
      case SCT_OP_PUSH_VAR:
        if (in.a > SCT_VAR_GID) return fmt("unknown variable", i, in.a);
        push = 1; break;
      case SCT_OP_CMP:
        if (in.a > SCT_CMP_GE) return fmt("unknown comparison", i, in.a);
        if (in.b > 1) return fmt("bad signedness flag", i, in.b);
        pop = 2; push = 1; break;
      case SCT_OP_MASK: case SCT_OP_NOT: pop = 1; push = 1; break;
      case SCT_OP_JZ: case SCT_OP_JNZ: {
        int32_t c = (int32_t)in.c;
        if (c < 0) return fmt("backward jump", i, c);
        if (d >= 0) {
          if (d < 1) return fmt("stack underflow", i, d);
          std::string e = merge(i + 1 + (unsigned)c, d, i);
          if (!e.empty()) return e;
        } else if (i + 1 + (uint64_t)(uint32_t)c >= h.n_insns) {
          return fmt("jump out of the program", i, c);
        }
        pop = 1; break;
      }
      case SCT_OP_SOCK_FIELD:
        if (in.a > SCT_SOCK_PORT) return fmt("unknown socket field", i, in.a);
        if (in.b > 5 || in.c > 5) return fmt("argument index out of range", i, in.b > 5 ? in.b : in.c);
        if (++reads > SCT_PROG_MAX_READS) return fmt("too many memory loads", i, reads);
        push = 1; break;
      case SCT_OP_STR_LOAD:
        if (in.a > SCT_STR_SOCK_IP) return fmt("unknown string source", i, in.a);
        if (in.b > 5) return fmt("argument index out of range", i, in.b);
        if ((in.a == SCT_STR_SOCK_PATH || in.a == SCT_STR_SOCK_IP) && in.c > 5)
          return fmt("length argument index out of range", i, in.c);
        if (++reads > SCT_PROG_MAX_READS) return fmt("too many memory loads", i, reads);
        if (in.a == SCT_STR_ARG) p.str_args |= (uint8_t)(1u << in.b);
        break;
      case SCT_OP_STR_EQ: case SCT_OP_STR_MATCH: {
        if (in.c >= h.n_consts) return fmt("constant index out of range", i, in.c);
        const sct_const* c = p.consts[in.c];
        unsigned want = in.op == SCT_OP_STR_EQ ? SCT_CONST_STR : SCT_CONST_DFA;
        if (c->kind != want) return fmt("constant of the wrong kind", i, in.c);
        push = 1; break;
      }
      default: return fmt("unknown opcode", i, in.op);
    }
    if (d < 0) continue;  // unreachable
    if (d < pop) return fmt("stack underflow", i, d);
    int nd = d - pop + push;
    if (nd > SCT_PROG_MAX_STACK) return fmt("stack overflow", i, nd);
    if (in.op == SCT_OP_RET) continue;
    std::string e = merge(i + 1, nd, i);
    if (!e.empty()) return e;
  }
  if (out) *out = p;
  return "";
}

}  // namespace sct
