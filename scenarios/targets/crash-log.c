// An append-only log: appends "record i\n" to `log` for i = 1..3 and prints `ack i` after each,
// as a server acknowledges a request once it considers it durable. For `sct crash` (docs/crash.md).
// Bug (default): acknowledges without fsync. After a power loss an acknowledged record can be
// missing, torn, or zero-filled (the size reached the disk, the data did not), and the log itself
// can be gone: its creation was never made durable.
// -DFIXED: fdatasync before each ack; when the log is created, fsync the directory too, once.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define RECORDS 3

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
/** Makes the directory entries of `path` durable (the log's creation); 0 or -errno. */
static int sync_dir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -errno;
  int err = fsync(fd) != 0 ? -errno : 0;
  if (close(fd) != 0 && err == 0) err = -errno;
  return err;
}

/** Opens `log` for appending, creating it if needed; *created tells whether it did. fd or -errno. */
static int open_log(int *created) {
  // O_EXCL first: only then is it known that this open made the directory entry.
  int fd = open("log", O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  *created = fd >= 0;
  if (fd < 0 && errno == EEXIST) fd = open("log", O_WRONLY | O_APPEND | O_CLOEXEC);
  return fd < 0 ? -errno : fd;
}
#else
static int open_log(int *created) {
  *created = 0;
  int fd = open("log", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  return fd < 0 ? -errno : fd;
}
#endif

static int report(const char *what, int err) {
  fprintf(stderr, "crash-log: %s: %s\n", what, strerror(-err));
  return 1;
}

int main(void) {
  char line[32];
  const char *what;
  int err, created;

  int fd = open_log(&created);
  if (fd < 0) return report("open log", fd);
#ifdef FIXED
  if (created && (err = sync_dir(".")) != 0) {
    what = "fsync . (after creating log)";
    goto close_log;
  }
#endif
  for (int i = 1; i <= RECORDS; i++) {
    int n = snprintf(line, sizeof line, "record %d\n", i);
    err = write_all(fd, line, (size_t)n);
    if (err != 0) {
      what = "write log";
      goto close_log;
    }
#ifdef FIXED
    if (fdatasync(fd) != 0) {
      err = -errno, what = "fdatasync log";
      goto close_log;
    }
#endif
    n = snprintf(line, sizeof line, "ack %d\n", i);
    err = write_all(STDOUT_FILENO, line, (size_t)n);
    if (err != 0) {
      what = "write stdout";
      goto close_log;
    }
  }
  if (close(fd) != 0) return report("close log", -errno);
  return 0;

close_log:
  close(fd);
  return report(what, err);
}
