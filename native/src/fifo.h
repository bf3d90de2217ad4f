// A FIFO for a target's piped stdout/stderr (harness/src/engine/run/pipes.ts), made without a
// `mkfifo` child process.
#pragma once

#include <sys/types.h>

namespace sct {

// Creates a FIFO at `path` with exactly `mode` (chmod after mkfifo, so the umask does not narrow
// it, as `mkfifo -m` does). 0, or -errno with *failed_call naming the call that failed; a FIFO
// whose chmod failed is removed again.
int make_fifo(const char* path, mode_t mode, const char** failed_call);

}  // namespace sct
