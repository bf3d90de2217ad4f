// Replaces the contents of `data` "atomically": writes data.tmp, renames it over data, and prints
// `saved` once it considers the new contents durable. For `sct crash` (docs/crash.md).
// Bug (default): no fsync at all. After a power loss the rename can be on disk while data.tmp's
// blocks are not: data is then empty, and the old contents are gone with the new ones.
// -DFSYNC_FILE: fsyncs data.tmp before the rename, so data is always old or new, but not the
// directory: the rename itself may be lost after `saved` was printed.
// -DFIXED: fsync data.tmp, rename, fsync the directory, then `saved`.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#if defined(FSYNC_FILE) || defined(FIXED)
#define SYNC_FILE 1
#endif

/** Writes all of buf, retrying short writes; 0 or -errno. */
static int write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

#ifdef FIXED
/** Makes the directory entries of `path` durable (the rename into it); 0 or -errno. */
static int sync_dir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -errno;
  int err = fsync(fd) != 0 ? -errno : 0;
  if (close(fd) != 0 && err == 0) err = -errno;
  return err;
}
#endif

static int report(const char *what, int err) {
  fprintf(stderr, "crash-save: %s: %s\n", what, strerror(-err));
  return 1;
}

int main(int argc, char **argv) {
  const char *text = argc > 1 ? argv[1] : "v2\n";
  const char *what;
  int err;

  int fd = open("data.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return report("open data.tmp", -errno);
  err = write_all(fd, text, strlen(text));
  if (err != 0) {
    what = "write data.tmp";
    goto close_tmp;
  }
#ifdef SYNC_FILE
  if (fsync(fd) != 0) {
    err = -errno, what = "fsync data.tmp";
    goto close_tmp;
  }
#endif
  if (close(fd) != 0) {
    err = -errno, what = "close data.tmp";
    goto remove_tmp;
  }
  if (rename("data.tmp", "data") != 0) {
    err = -errno, what = "rename data.tmp -> data";
    goto remove_tmp;
  }
#ifdef FIXED
  // The rename is done: data holds the new contents, but they are not known durable, so no ack.
  err = sync_dir(".");
  if (err != 0) return report("fsync . (after the rename)", err);
#endif
  err = write_all(STDOUT_FILENO, "saved\n", 6);
  if (err != 0) return report("write stdout", err);
  return 0;

close_tmp:
  close(fd);
remove_tmp:
  unlink("data.tmp");
  return report(what, err);
}
