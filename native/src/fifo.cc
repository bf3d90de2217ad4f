#include "fifo.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sct {

int make_fifo(const char* path, mode_t mode, const char** failed_call) {
  if (mkfifo(path, mode) != 0) {
    *failed_call = "mkfifo";
    return -errno;
  }
  if (chmod(path, mode) != 0) {
    int e = errno;
    *failed_call = "chmod";
    unlink(path);
    return -e;
  }
  return 0;
}

}  // namespace sct
