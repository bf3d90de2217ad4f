// Which arguments of a call to decode for events (strings, paths, sockaddrs, buffers, structs, argv), from the generated
// tables (include/sct/tables.h), and reading them from the target.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "events.h"

namespace sct {

// extra_str: bit i = also decode argument i as a string (a filter loaded it; covers i386 calls,
// which the tables give no argument types for). retval: the call's result once it ran (NULL
// before): output buffers are read then, as many bytes as it returned; structs are read whole.
// buf_max: bytes read of a buffer argument (0: the default, 4096, what `sct trace -s` can show;
// `sct crash` records whole writes).
std::vector<MemVal> decode_args(pid_t tid, bool compat, int nr, const uint64_t args[6], uint8_t extra_str,
                                const int64_t* retval, size_t buf_max = 0);

// The text of /proc/TID/fdinfo/FD for the first fd argument (else the fd the call returned), at
// index 7: its "pos:" after the call is where a write() ended, "flags:" has O_APPEND/O_SYNC, "ino:"
// names the file. `sct crash` records where data went with it.
void add_fd_info(pid_t tid, bool compat, int nr, const uint64_t args[6], const int64_t* retval, std::vector<MemVal>* mem);

// strace -y: the path of each fd argument i (as a string at arg i) and, once the call returned a
// non-negative value, of the fd that value would name (at arg 6: JS decides whether it is an fd).
void add_fd_paths(pid_t tid, bool compat, int nr, const uint64_t args[6], const int64_t* retval, std::vector<MemVal>* mem);

}  // namespace sct
