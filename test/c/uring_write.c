// Writes "hello from io_uring\n" to argv[1] through io_uring, or with plain write(2) when
// io_uring_setup fails with ENOSYS (as under `sct run --no-io-uring`), the way programs with an
// io_uring backend fall back. Prints which path it took; exits 1 when the write fails.
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char text[] = "hello from io_uring\n";

static int write_plain(int fd) {
  ssize_t n = write(fd, text, sizeof text - 1);
  return n < 0 ? -errno : (int)n;
}

static int write_uring(struct io_uring* ring, int fd) {
  struct io_uring_sqe* sqe = io_uring_get_sqe(ring);
  io_uring_prep_write(sqe, fd, text, sizeof text - 1, 0);
  int r = io_uring_submit(ring);
  if (r < 0) return r;
  struct io_uring_cqe* cqe;
  r = io_uring_wait_cqe(ring, &cqe);
  if (r < 0) return r;
  r = cqe->res;
  io_uring_cqe_seen(ring, cqe);
  return r;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return perror("open"), 1;
  struct io_uring ring;
  int r = io_uring_queue_init(4, &ring, 0);
  const char* how;
  if (r == -ENOSYS) {
    how = "write";
    r = write_plain(fd);
  } else if (r < 0) {
    fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-r));
    return 1;
  } else {
    how = "io_uring";
    r = write_uring(&ring, fd);
    io_uring_queue_exit(&ring);
  }
  if (r < 0) {
    fprintf(stderr, "%s: %s\n", how, strerror(-r));
    return 1;
  }
  printf("%s %d\n", how, r);
  return close(fd) == 0 ? 0 : 1;
}
