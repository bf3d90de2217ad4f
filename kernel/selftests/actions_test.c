// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The module's behaviour, one named test per action on real programs (cat, rm, dd), through the
 * /dev/sct ioctls: VERSION, coverage, LOG, FAIL, RETURN, DELAY, SUSPEND (with and without a
 * timeout), KILL, the three ALTERs, scope by pid, counters, and "which process deleted that file".
 * Needs root and sct.ko loaded (each test skips otherwise); run by vagrant/suites/kernel.sh.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "fixture.h"
#include "run.h"
#include "sct/prog.h"

#define CAT "/usr/bin/cat"
#define RM "/usr/bin/rm"
#define DD "/usr/bin/dd"

/*
 * Runs argv to the end (its wait status into *st), then looks among the pending events for one of
 * that process (or of its child) for syscall nr: 1 and *e filled, or 0; *n: how many were pending.
 */
static int run_and_find_event(int fd, char *const argv[], int nr, struct sct_event *e, int *st, int *n)
{
	struct sct_event ev[64];
	struct proc p;
	int found = 0;

	*n = 0;
	*st = proc_start(&p, argv, NULL, 0);
	if (*st < 0)
		return 0;
	*st = proc_wait(&p);
	*n = sct_read_events(fd, ev, 64);
	for (int i = 0; i < *n && !found; i++) {
		found = (ev[i].pid == p.pid || ev[i].ppid == p.pid) && ev[i].nr == nr;
		if (found)
			*e = ev[i];
	}
	proc_close(&p);
	return found;
}

/* polls LIST until `suspended` reaches want (20 s at most: a hang guard): LIST's last answer */
static struct sct_list wait_suspended(int fd, uint32_t want)
{
	struct sct_list l = { 0 };

	for (long long t0 = now_ms(); now_ms() - t0 < 20000; usleep(50000))
		if (sct_list(fd, NULL, 0, &l) == 0 && l.suspended >= want)
			break;
	return l;
}

/* cat PATH to the end: its wait status; its stdout into out, how long it took into *ms */
static int timed_cat(const char *path, char *out, size_t cap, long long *ms)
{
	char *const argv[] = { CAT, (char *)path, NULL };
	long long t0 = now_ms();
	int st = run(argv, NULL, out, cap);

	*ms = now_ms() - t0;
	return st;
}

TEST_F(sct, version_matches_the_uapi_header)
{
	struct sct_version v;

	ASSERT_EQ(0, ioctl(self->fd, SCT_IOC_VERSION, &v));
	EXPECT_EQ(SCT_UAPI_VERSION, v.version);
	EXPECT_EQ(SCT_PROG_VERSION, v.prog_version);
	EXPECT_EQ(sizeof(struct sct_event), v.event_size);
	EXPECT_EQ(SCT_ABI_X86_64, v.abis & SCT_ABI_X86_64);
	EXPECT_EQ(SCT_MAX_RULES, v.max_rules);
}

TEST_F(sct, coverage_names_what_is_not_hooked)
{
	struct sct_version v;
	char cov[512];

	read_file("/sys/module/sct/parameters/coverage", cov, sizeof(cov));
	ASSERT_NE(NULL, strstr(cov, "not covered: 32-bit")) TH_LOG("coverage: '%s'", cov);
	/* VERSION agrees: neither ia32 nor x32 is hooked */
	ASSERT_EQ(0, ioctl(self->fd, SCT_IOC_VERSION, &v));
	EXPECT_EQ(0, v.abis & (SCT_ABI_IA32 | SCT_ABI_X32));
}

TEST_F(sct, log_names_pid_comm_exe_and_path)
{
	char *const argv[] = { CAT, "/etc/hostname", NULL };
	struct sct_event e;
	int st, n;

	LOAD(NULL, RULE("%d:log,streq=1=/etc/hostname", SYS_openat));
	ASSERT_TRUE(run_and_find_event(self->fd, argv, SYS_openat, &e, &st, &n)) TH_LOG("%d events, none of cat's openat", n);
	EXPECT_EQ(0, st);
	EXPECT_STREQ("cat", e.comm);
	EXPECT_STREQ(CAT, e.exe);
	EXPECT_EQ(SCT_EV_F_STR, e.flags & SCT_EV_F_STR);
	EXPECT_STREQ("/etc/hostname", e.str);
	EXPECT_EQ(SCT_ACT_LOG, e.action);
	EXPECT_EQ(1, e.rule_id);
}

TEST_F(sct, fail_makes_cat_get_eacces)
{
	char *const argv[] = { CAT, "/tmp/sct-f1", NULL };
	char err[256], text[16];
	struct proc p;
	int st;

	ASSERT_EQ(0, write_file("/tmp/sct-f1", "secret\n"));
	LOAD(NULL, RULE("%d:fail:%d,streq=1=/tmp/sct-f1", SYS_openat, EACCES));
	ASSERT_EQ(0, proc_start(&p, argv, NULL, 0));
	st = proc_wait(&p);
	proc_output(&p, 2, err, sizeof(err));
	proc_close(&p);
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(1, WEXITSTATUS(st));
	EXPECT_NE(NULL, strstr(err, "Permission denied")) TH_LOG("cat's stderr: %s", err);
	/* the file itself is untouched */
	ASSERT_EQ(0, sct_clear(self->fd));
	EXPECT_STREQ("secret\n", read_file("/tmp/sct-f1", text, sizeof(text)));
}

TEST_F(sct, return_skips_rm_and_the_file_stays)
{
	char *const argv[] = { RM, "/tmp/sct-r1", NULL };

	ASSERT_EQ(0, write_file("/tmp/sct-r1", "x\n"));
	LOAD(NULL, RULE("%d:return:0,streq=1=/tmp/sct-r1", SYS_unlinkat));
	EXPECT_EQ(0, run(argv, NULL, NULL, 0));
	EXPECT_EQ(0, access("/tmp/sct-r1", F_OK));
}

TEST_F(sct, delay_holds_openat_for_half_a_second)
{
	struct sct_counter c[2];
	struct sct_list l;
	char out[16];
	long long ms, other_ms;

	ASSERT_EQ(0, write_file("/tmp/sct-d1", "d\n"));
	LOAD(NULL, RULE("%d:delay:500000,streq=1=/tmp/sct-d1", SYS_openat));
	EXPECT_EQ(0, timed_cat("/tmp/sct-d1", out, sizeof(out), &ms));
	/* a lower bound only: the delay happened (no upper bound, TCG is slow) */
	EXPECT_GE(ms, 500);
	EXPECT_STREQ("d\n", out);
	EXPECT_EQ(0, timed_cat("/etc/hostname", out, sizeof(out), &other_ms));
	/* the other file's open did not match: the rule acted once */
	ASSERT_EQ(0, sct_list(self->fd, c, 2, &l));
	ASSERT_EQ(1, l.n);
	EXPECT_EQ(1, c[0].matched);
	EXPECT_EQ(1, c[0].acted);
	NOTE("delay: a 500 ms DELAY rule: cat took %lld ms (cat of another file %lld ms)", ms, other_ms);
}

TEST_F(sct, suspend_holds_cat_until_resume_of_its_tid)
{
	char *const argv[] = { CAT, "/tmp/sct-s1", NULL };
	struct sct_list l;
	char out[16];
	struct proc p;

	ASSERT_EQ(0, write_file("/tmp/sct-s1", "s\n"));
	LOAD(NULL, RULE("%d:suspend:0,streq=1=/tmp/sct-s1", SYS_openat));
	ASSERT_EQ(0, proc_start(&p, argv, NULL, 0));
	l = wait_suspended(self->fd, 1);
	EXPECT_EQ(1, l.suspended);
	/* still there, and only a RESUME of its tid lets it go */
	EXPECT_EQ(0, waitpid(p.pid, NULL, WNOHANG));
	EXPECT_EQ(-ESRCH, sct_resume(self->fd, p.pid + 100000));
	EXPECT_EQ(1, sct_resume(self->fd, p.pid));
	EXPECT_EQ(0, proc_wait(&p));
	EXPECT_STREQ("s\n", proc_output(&p, 1, out, sizeof(out)));
	proc_close(&p);
}

TEST_F(sct, suspend_with_a_timeout_resumes_by_itself)
{
	char out[16];
	long long ms;

	ASSERT_EQ(0, write_file("/tmp/sct-s2", "s\n"));
	LOAD(NULL, RULE("%d:suspend:700000,streq=1=/tmp/sct-s2", SYS_openat));
	/* nobody resumes it: it must finish on its own, after the timeout */
	EXPECT_EQ(0, timed_cat("/tmp/sct-s2", out, sizeof(out), &ms));
	EXPECT_GE(ms, 700);
	EXPECT_STREQ("s\n", out);
}

TEST_F(sct, kill_sigkills_cat_before_its_open)
{
	char *const argv[] = { CAT, "/tmp/sct-k1", NULL };
	char out[16];
	int st;

	ASSERT_EQ(0, write_file("/tmp/sct-k1", "k\n"));
	LOAD(NULL, RULE("%d:kill:%d,streq=1=/tmp/sct-k1", SYS_openat, SIGKILL));
	st = run(argv, NULL, out, sizeof(out));
	ASSERT_TRUE(WIFSIGNALED(st)) TH_LOG("cat's wait status %#x", st);
	EXPECT_EQ(SIGKILL, WTERMSIG(st));
	EXPECT_STREQ("", out);
}

TEST_F(sct, alter_reg_shortens_dd_read_to_3_bytes)
{
	/* read(0, buf, 6) by dd: the count register becomes 3, so dd copies a short block */
	char *const argv[] = { DD, "bs=6", "count=1", "status=none", NULL };
	struct sct_scope dd = { .uid = SCT_ANY_UID, .comm = "dd" };
	char out[16];

	ASSERT_EQ(0, write_file("/tmp/sct-h", "hello"));
	LOAD(&dd, RULE("%d:alter_reg:3,arg=2,argeq=0=0", SYS_read));
	EXPECT_EQ(0, run(argv, "/tmp/sct-h", out, sizeof(out)));
	EXPECT_STREQ("hel", out);
}

TEST_F(sct, alter_mem_makes_openat_of_a_open_b)
{
	char *const argv[] = { CAT, "/tmp/sct-a", NULL };
	char out[16];

	ASSERT_EQ(0, write_file("/tmp/sct-a", "AAA\n"));
	ASSERT_EQ(0, write_file("/tmp/sct-b", "BBB\n"));
	LOAD(NULL, RULE("%d:alter_mem:0,arg=1,str=/tmp/sct-b,streq=1=/tmp/sct-a", SYS_openat));
	EXPECT_EQ(0, run(argv, NULL, out, sizeof(out)));
	EXPECT_STREQ("BBB\n", out);
	ASSERT_EQ(0, sct_clear(self->fd));
	EXPECT_STREQ("AAA\n", read_file("/tmp/sct-a", out, sizeof(out)));
}

TEST_F(sct, alter_ret_after_makes_rm_of_a_missing_file_succeed)
{
	char *const argv[] = { RM, "/tmp/sct-missing", NULL };
	int st;

	unlink("/tmp/sct-missing");
	/* without the rule rm fails, so the success below is the rule's doing */
	st = run(argv, NULL, NULL, 0);
	ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) != 0) TH_LOG("rm of a missing file: wait status %#x", st);
	LOAD(NULL, RULE("%d:alter_ret:0,after,streq=1=/tmp/sct-missing", SYS_unlinkat));
	EXPECT_EQ(0, run(argv, NULL, NULL, 0));
}

TEST_F(sct, scope_by_pid_affects_only_that_process)
{
	char *const argv[] = { CAT, "/tmp/sct-p1", NULL };
	struct sct_scope scope = { .uid = SCT_ANY_UID };
	char out[16], err[256];
	struct proc p;
	int st;

	ASSERT_EQ(0, write_file("/tmp/sct-p1", "p\n"));
	/* the child waits at its gate until the rule scoped to its pid is loaded */
	ASSERT_EQ(0, proc_start(&p, argv, NULL, 1));
	scope.pid = p.pid;
	LOAD(&scope, RULE("%d:fail:%d,streq=1=/tmp/sct-p1", SYS_openat, EACCES));
	EXPECT_EQ(0, run(argv, NULL, out, sizeof(out)));
	EXPECT_STREQ("p\n", out);
	ASSERT_EQ(0, proc_release(&p));
	st = proc_wait(&p);
	proc_output(&p, 2, err, sizeof(err));
	proc_close(&p);
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(1, WEXITSTATUS(st));
	EXPECT_NE(NULL, strstr(err, "Permission denied")) TH_LOG("scoped cat's stderr: %s", err);
}

TEST_F(sct, counters_count_matched_and_acted_per_rule)
{
	struct sct_counter c[4];
	struct sct_list l;
	int edom = 0;

	/* -42L, not -42: syscall() is variadic, and an int leaves the register's upper half zero
	 * (0xffffffd6), which the rules' full-width argeq=0=-42 does not match */
	LOAD(NULL, RULE("%d:fail:%d,argeq=0=-42", SYS_fchdir, EDOM), RULE("%d:log,argeq=0=-43,noevent", SYS_fchdir));
	for (int i = 0; i < 5; i++)
		edom += syscall(SYS_fchdir, -42L) == -1 && errno == EDOM;
	for (int i = 0; i < 2; i++)
		syscall(SYS_fchdir, -43L);
	syscall(SYS_fchdir, -44L);
	EXPECT_EQ(5, edom);
	ASSERT_EQ(0, sct_list(self->fd, c, 4, &l));
	ASSERT_EQ(2, l.n);
	EXPECT_EQ(1, c[0].id);
	EXPECT_EQ(SCT_ACT_FAIL, c[0].action);
	EXPECT_EQ(5, c[0].matched);
	EXPECT_EQ(5, c[0].acted);
	EXPECT_EQ(2, c[1].id);
	EXPECT_EQ(SCT_ACT_LOG, c[1].action);
	EXPECT_EQ(2, c[1].matched);
	EXPECT_EQ(2, c[1].acted);
}

TEST_F(sct, background_rm_is_named_by_the_log)
{
	/* "which process deleted that file": a shell's child removes it a second later */
	char *const argv[] = { "/bin/sh", "-c", "sleep 1; " RM " /tmp/sct-victim; true", NULL };
	struct sct_event e;
	int st, n;

	ASSERT_EQ(0, write_file("/tmp/sct-victim", "v\n"));
	LOAD(NULL, RULE("%d:log", SYS_unlinkat));
	ASSERT_TRUE(run_and_find_event(self->fd, argv, SYS_unlinkat, &e, &st, &n))
		TH_LOG("%d events, none of an unlinkat by the shell's child", n);
	EXPECT_EQ(0, st);
	EXPECT_STREQ("rm", e.comm);
	EXPECT_STREQ(RM, e.exe);
	EXPECT_STREQ("/tmp/sct-victim", e.str);
	EXPECT_NE(0, access("/tmp/sct-victim", F_OK));
}

TEST_HARNESS_MAIN
