// Which arguments of a call to decode for events (strings, paths, sockaddrs, buffers, structs, argv), from the generated
// tables (native/include/sct/tables.h), and reading them from the target.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "events.h"

namespace sct {

// extra_str: bit i = also decode argument i as a string (a filter loaded it; covers i386 calls,
// which the tables give no argument types for). retval: the call's result once it ran (NULL
// before): output buffers are read then, as many bytes as it returned; structs are read whole.
std::vector<MemVal> decode_args(pid_t tid, bool compat, int nr, const uint64_t args[6], uint8_t extra_str,
                                const int64_t* retval);

}  // namespace sct
