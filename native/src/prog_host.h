// Checker and interpreter of the filter bytecode (include/sct/prog.h), with no Node and no kernel
// dependency: the supervisor threads and the addon's progCheck/evalProg share them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "sct/prog.h"

struct sct_prog_verdict;
struct sct_prog_check_ws;

namespace sct {

// A verified program: pointers into the blob, which the caller keeps alive.
struct Prog {
  const uint8_t* blob = nullptr;
  const sct_insn* insns = nullptr;
  uint16_t n_insns = 0;
  uint32_t const_off[SCT_PROG_MAX_CONSTS] = {};  // pool entry i at blob + const_off[i]
  uint16_t n_consts = 0;
  uint8_t str_args = 0;  // bit i: the program loads argument i as a string (SCT_STR_ARG)
};

// The verdict of include/sct/prog_check.h on the blob (ws: scratch, nullptr for the stack's).
sct_prog_verdict prog_check(const uint8_t* blob, size_t len, sct_prog_check_ws* ws = nullptr);

// A verdict as a lowercase message: "backward jump at instruction 1".
std::string prog_fault_text(const sct_prog_verdict& v);

// Returns "" when the blob is a valid program (and fills *out), else prog_fault_text's message.
std::string prog_verify(const uint8_t* blob, size_t len, Prog* out);

// What the interpreter asks of the world. Each load returns false when the data is unavailable
// (unmapped memory, process gone): the filter then evaluates to "no match".
class ProgInput {
 public:
  virtual ~ProgInput() = default;
  virtual int64_t arg(int i) = 0;
  virtual bool var(int which, int64_t* out) = 0;
  virtual bool str(int src, int argi, std::string* out) = 0;      // SCT_STR_ARG, FD_PATH, COMM, EXE, CWD
  virtual bool sock(int argi, int lenarg, std::string* raw) = 0;  // raw sockaddr bytes
};

// Runs the shared interpreter (include/sct/prog_interp.h, also the kernel module's) over in.
bool prog_eval(const Prog& prog, ProgInput& in);

}  // namespace sct
