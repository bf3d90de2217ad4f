/*
 * kill(-1, 0) with the pid spelled two ways: as a 32-bit -1 (register 0x00000000ffffffff, what a
 * 32-bit mov leaves) and as a 64-bit -1 (0xffffffffffffffff); then kill(getpid(), 0), which no
 * `pid <= 0` rule may match. Signal 0 only checks permission: NEVER change it to a real signal
 * (as root, kill(-1, sig) signals every process on the machine). Prints one line per call:
 * "<name> <result>" with the errno name on failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *name, long r) {
	if (r < 0) printf("%s -1 %s\n", name, strerrorname_np(errno));
	else printf("%s %ld\n", name, r);
}

int main(void) {
	/* syscall() takes longs: (long)(unsigned int)-1 puts 0x00000000ffffffff in rdi. */
	long pid32 = (long)(unsigned int)-1;
	long pid64 = -1L;
	report("kill32", syscall(SYS_kill, pid32, 0L));
	report("kill64", syscall(SYS_kill, pid64, 0L));
	report("self", syscall(SYS_kill, (long)getpid(), 0L));
	return 0;
}
