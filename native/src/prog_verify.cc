// The addon's side of the load-time check of a filter program: include/sct/prog_check.h decides
// (the same code the kernel module runs), this file turns its verdict into a message and fills
// the Prog the interpreter (include/sct/prog_interp.h) runs.
#include <cstdint>
#include <string>

#include "prog_host.h"
#include "sct/prog_check.h"

namespace sct {

sct_prog_verdict prog_check(const uint8_t* blob, size_t len, sct_prog_check_ws* ws) {
  sct_prog_verdict v{};
  sct_prog_check_ws own;
  if (!ws) ws = &own;
  if (len > UINT32_MAX) {  // total_len is 32 bits: it cannot describe this blob
    v.fault = SCT_PF_BAD_TOTAL_LEN;
    v.insn = v.constant = -1;
    return v;
  }
  sct_prog_check(blob, (uint32_t)len, ws, &v);
  return v;
}

std::string prog_fault_text(const sct_prog_verdict& v) {
  std::string s = sct_prog_fault_message((unsigned)v.fault);
  if (v.insn >= 0) s += " at instruction " + std::to_string(v.insn);
  if (v.constant >= 0) s += (v.insn >= 0 ? ", constant " : " at constant ") + std::to_string(v.constant);
  return s;
}

std::string prog_verify(const uint8_t* blob, size_t len, Prog* out) {
  sct_prog_check_ws ws;
  sct_prog_verdict v = prog_check(blob, len, &ws);
  if (v.fault != SCT_PF_OK) return prog_fault_text(v);
  if (!out) return "";
  const auto* h = reinterpret_cast<const sct_prog_header*>(blob);
  Prog p;
  p.blob = blob;
  p.insns = reinterpret_cast<const sct_insn*>(blob + sizeof *h);
  p.n_insns = h->n_insns;
  p.n_consts = h->n_consts;
  for (unsigned i = 0; i < p.n_consts; i++) p.const_off[i] = ws.const_off[i];
  for (unsigned i = 0; i < p.n_insns; i++)
    if (p.insns[i].op == SCT_OP_STR_LOAD && p.insns[i].a == SCT_STR_ARG) p.str_args |= (uint8_t)(1u << p.insns[i].b);
  *out = p;
  return "";
}

}  // namespace sct
