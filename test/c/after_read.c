/* The reads and ftruncate whose after-rules the supervisor runs itself, on a file (fd 3), /dev/zero
 * (fd 4), a pipe (fds 5, 6: bounced to ptrace) and /dev/kmsg-less cases: prints each result and
 * errno, what landed in the buffer, the offsets and the file's size, and a read into a read-only
 * buffer (EFAULT from the kernel; the supervisor must not eat the file's bytes). Used by
 * after-exec.test.ts. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void say(const char *what, long r) {
	if (r < 0) printf("%s -1 %s\n", what, strerrorname_np(errno));
	else printf("%s %ld\n", what, r);
}

int main(int argc, char **argv) {
	char buf[64];
	struct stat st;
	int p[2];

	if (argc < 2) return 2;
	int fd = open(argv[1], O_RDWR);
	int zero = open("/dev/zero", O_RDONLY);
	if (fd != 3 || zero != 4 || pipe(p) < 0 || p[0] != 5) return 2;
	memset(buf, '.', sizeof(buf));
	say("read", read(fd, buf, 5));
	printf("buf '%.8s'\n", buf);
	say("offset", lseek(fd, 0, SEEK_CUR));
	memset(buf, '.', sizeof(buf));
	say("pread64", pread(fd, buf, 5, 6));
	printf("buf '%.8s'\n", buf);
	say("offset", lseek(fd, 0, SEEK_CUR));
	memset(buf, '.', sizeof(buf));
	say("read-zero", read(zero, buf, 4));
	printf("buf-zero %d %d %d %d %c\n", buf[0], buf[1], buf[2], buf[3], buf[4]);
	char *ro = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	say("read-readonly", read(fd, ro, 3));
	say("offset", lseek(fd, 0, SEEK_CUR));
	if (write(p[1], "pipe", 4) != 4) return 2;
	memset(buf, '.', sizeof(buf));
	say("read-pipe", read(p[0], buf, 4));
	printf("buf '%.4s'\n", buf);
	say("read-badfd", read(42, buf, 1));
	say("ftruncate", ftruncate(fd, 4));
	if (fstat(fd, &st) < 0) return 2;
	printf("size %lld\n", (long long)st.st_size);
	return 0;
}
