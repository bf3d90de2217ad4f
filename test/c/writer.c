/* write(2) "hello world" (11 bytes) to argv[1] and print what write returned. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("open -1 %s\n", strerrorname_np(errno));
		return 2;
	}
	ssize_t r = write(fd, "hello world", 11);
	if (r < 0) printf("write -1 %s\n", strerrorname_np(errno));
	else printf("write %zd\n", r);
	close(fd);
	return 0;
}
