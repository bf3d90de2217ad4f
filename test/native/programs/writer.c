// Writes "0123456789" (10 bytes) to the file argv[1] and prints "write = N" or "write = -ENAME".
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("open = -%s\n", strerrorname_np(errno));
		return 1;
	}
	ssize_t n = write(fd, "0123456789", 10);
	if (n < 0)
		printf("write = -%s\n", strerrorname_np(errno));
	else
		printf("write = %zd\n", n);
	close(fd);
	return 0;
}
