/* Makes one call through another ABI and prints the raw result register (numbers come from the
 * test, which reads them from the generated tables):
 *   abi i386 NR  -> int $0x80 with eax = NR (no arguments)
 *   abi x32 NR   -> syscall with rax = NR (the test sets __X32_SYSCALL_BIT) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
	if (argc < 3) return 2;
	long nr = strtol(argv[2], NULL, 0);
	long r;
	if (!strcmp(argv[1], "i386")) __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr) : "memory");
	else __asm__ volatile("syscall" : "=a"(r) : "a"(nr) : "rcx", "r11", "memory");
	printf("%ld\n", r);
	return 0;
}
