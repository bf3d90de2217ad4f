/* The calls whose after-rules the supervisor runs itself, on a file (fd 3), a pipe (fds 4, 5),
 * /dev/null (fd 6) and an O_APPEND file (fd 7): prints each result and errno, the offsets, what
 * the pipe received, and a blocking pipe write cut off by SIGALRM. Used by after-exec.test.ts. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static void say(const char *what, long r) {
	if (r < 0) printf("%s -1 %s\n", what, strerrorname_np(errno));
	else printf("%s %ld\n", what, r);
}

static void on_alarm(int sig) { (void)sig; }

int main(int argc, char **argv) {
	if (argc < 3) return 2;
	int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	int p[2];
	if (fd != 3 || pipe(p) < 0 || p[1] != 5) return 2;
	int null = open("/dev/null", O_WRONLY);
	int app = open(argv[2], O_WRONLY | O_APPEND);
	if (null != 6 || app != 7) return 2;
	say("write", write(fd, "hello world", 11));
	say("offset", lseek(fd, 0, SEEK_CUR));
	say("pwrite64", pwrite(fd, "HE", 2, 0));
	say("offset", lseek(fd, 0, SEEK_CUR));
	say("fsync", fsync(fd));
	say("fdatasync", fdatasync(fd));
	say("write-empty", write(fd, "", 0));
	say("write-null", write(null, "x", 1));
	say("write-append", write(app, "appended", 8));
	say("write-badfd", write(42, "x", 1));
	say("write-pipe", write(p[1], "pipe", 4));
	char buf[16] = {0};
	say("read-pipe", read(p[0], buf, sizeof buf - 1));
	printf("pipe got '%s'\n", buf);
	say("pwrite64-pipe", pwrite(p[1], "x", 1, 0));
	say("fsync-pipe", fsync(p[1]));
	/* Fill the pipe through a second fd (fd 8: no rule names it), then a blocking write on fd 5
	 * that only SIGALRM ends (no SA_RESTART). */
	int fill = dup(p[1]);
	fcntl(fill, F_SETFL, O_NONBLOCK);
	long n = 0;
	while (write(fill, "y", 1) == 1) n++;
	fcntl(fill, F_SETFL, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {{0, 0}, {0, 50000}};
	setitimer(ITIMER_REAL, &it, NULL);
	say("write-full-pipe", write(p[1], "z", 1));
	printf("pipe held %ld\n", n);
	return 0;
}
