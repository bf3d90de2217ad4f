/* A target for signal forwarding. argv[1]:
 *   catch   - catches SIGTERM/SIGINT/SIGHUP, prints "ready", waits; on the signal prints
 *             "got SIGxxx" and exits 0;
 *   ignore  - ignores SIGTERM, prints "ready", waits forever;
 *   suspend - as catch, but calls getppid() after "ready" (a SUSPEND rule holds it there). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_sig(int s) { got = s; }

int main(int argc, char **argv) {
	const char *mode = argc > 1 ? argv[1] : "catch";
	if (!strcmp(mode, "ignore")) {
		signal(SIGTERM, SIG_IGN);
	} else {
		signal(SIGTERM, on_sig);
		signal(SIGINT, on_sig);
		signal(SIGHUP, on_sig);
	}
	printf("ready\n");
	fflush(stdout);
	if (!strcmp(mode, "suspend")) getppid();
	while (!got) pause();
	printf("got %s\n", sigabbrev_np(got) ? sigabbrev_np(got) : "?");
	fflush(stdout);
	return 0;
}
