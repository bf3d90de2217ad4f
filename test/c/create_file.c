/* `create_file PATH`: prints "before", creates PATH with openat(O_CREAT), prints what it returned. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
	if (argc < 2) return 2;
	write(1, "before\n", 7);
	int fd = openat(AT_FDCWD, argv[1], O_CREAT | O_WRONLY, 0600);
	if (fd < 0) printf("openat = -1 %s\n", strerrorname_np(errno));
	else printf("openat = fd\n");
	return 0;
}
