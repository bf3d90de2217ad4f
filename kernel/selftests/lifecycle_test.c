// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The module coming and going while it works: rmmod with one thread suspended and one delayed
 * (both must be released, no oops), and the SMP stress: 50 load/unload cycles, each replacing the
 * rule set 20 times, while 4 threads hammer two hooked calls; the acted counters of every retired
 * generation must add up to what the threads saw. Needs root and $SCT_KO (the built sct.ko; each
 * test skips without it); run by vagrant/suites/kernel.sh after the others.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "harness.h"
#include "kmod.h"
#include "run.h"

#define CAT "/usr/bin/cat"

/* sct.ko loaded and /dev/sct open at the start; loaded again at the end, whatever happened */
FIXTURE(module)
{
	const char *ko;
	int fd;
};

FIXTURE_SETUP(module)
{
	self->fd = -1;
	self->ko = kmod_path();
	if (!self->ko)
		SKIP_SETUP("SCT_KO is not set: these tests load and unload the module, give them its path");
	if (!kmod_loaded())
		ASSERT_EQ(0, kmod_load(self->ko));
	self->fd = sct_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, sct_clear(self->fd));
}

FIXTURE_TEARDOWN(module)
{
	if (self->fd >= 0) {
		sct_resume(self->fd, 0);
		sct_clear(self->fd);
		close(self->fd);
	}
	if (self->ko && !kmod_loaded())
		EXPECT_EQ(0, kmod_load(self->ko));
}

/* polls LIST until one thread is suspended and the delay rule (id 2) has acted once (20 s at most) */
static int wait_both_held(int fd)
{
	struct sct_counter c[2];
	struct sct_list l;

	for (long long t0 = now_ms(); now_ms() - t0 < 20000; usleep(50000))
		if (sct_list(fd, c, 2, &l) == 0 && l.suspended == 1 && l.n == 2 && c[1].acted == 1)
			return 1;
	return 0;
}

/* 120 s: waiting for both threads to be held may take 20 s on a loaded TCG host */
TEST_F_TIMEOUT(module, unload_releases_suspended_and_delayed_threads, 120)
{
	char *const held[] = { CAT, "/tmp/sct-u1", NULL }, *const slow[] = { CAT, "/tmp/sct-u2", NULL };
	char out[16];
	struct proc p1, p2;
	long long t0, released_ms;

	ASSERT_EQ(0, write_file("/tmp/sct-u1", "u1\n"));
	ASSERT_EQ(0, write_file("/tmp/sct-u2", "u2\n"));
	/* a 20 s delay: rmmod must release it, not wait it out */
	LOAD(NULL, RULE("%d:suspend:0,streq=1=/tmp/sct-u1", SYS_openat), RULE("%d:delay:20000000,streq=1=/tmp/sct-u2", SYS_openat));
	ASSERT_EQ(0, proc_start(&p1, held, NULL, 0));
	ASSERT_EQ(0, proc_start(&p2, slow, NULL, 0));
	ASSERT_TRUE(wait_both_held(self->fd));
	/* our own fd holds a reference: close it first, as a user would before rmmod */
	close(self->fd);
	self->fd = -1;
	t0 = now_ms();
	ASSERT_EQ(0, kmod_unload());
	EXPECT_EQ(0, proc_wait(&p1));
	EXPECT_EQ(0, proc_wait(&p2));
	released_ms = now_ms() - t0;
	EXPECT_STREQ("u1\n", proc_output(&p1, 1, out, sizeof(out)));
	EXPECT_STREQ("u2\n", proc_output(&p2, 1, out, sizeof(out)));
	proc_close(&p1);
	proc_close(&p2);
	/* a hang guard, not a speed test: well before the 20 s delay would have ended */
	EXPECT_LT(released_ms, 15000);
	NOTE("unload: rmmod with one suspended and one delayed (20 s) thread: both released after %lld ms", released_ms);
	ASSERT_EQ(0, kmod_load(self->ko));
}

/* ---- SMP stress ---- */
struct hammer {
	volatile int stop;
	pthread_mutex_t lock;
	unsigned long long edom, seven, calls;
};

/* fchdir(-42) (a FAIL EDOM rule) and fchdir(-43) (RETURN 7) until told to stop */
static void *hammer(void *arg)
{
	struct hammer *h = arg;
	unsigned long long edom = 0, seven = 0, calls = 0;

	while (!h->stop) {
		long r = syscall(SYS_fchdir, -42L);

		if (r == -1 && errno == EDOM)
			edom++;
		r = syscall(SYS_fchdir, -43L);
		if (r == 7)
			seven++;
		calls += 2;
	}
	pthread_mutex_lock(&h->lock);
	h->edom += edom;
	h->seven += seven;
	h->calls += calls;
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

/* what the retired generations' counters add up to */
struct retired {
	unsigned long long fail_acted, return_acted, generations;
};

/* n replacements of the stress rule set, then CLEAR, adding up every retired generation: 0 or -errno */
static int reload(int fd, int n, struct retired *sum)
{
	struct sct_buf b = { 0 };
	struct sct_counter c[4];
	struct sct_load lo;
	int err = sct_rule_append(&b, RULE("%d:fail:%d,argeq=0=-42,id=1,noevent", SYS_fchdir, EDOM), 1);

	if (!err)
		err = sct_rule_append(&b, RULE("%d:return:7,argeq=0=-43,id=2,noevent", SYS_fchdir), 2);
	for (int i = 0; i <= n && !err; i++) {
		err = sct_load(fd, &b, i < n ? 2 : 0, NULL, c, 4, &lo);
		if (err || !lo.retired_generation)
			continue;
		sum->generations++;
		for (uint32_t k = 0; k < lo.retired_n && k < 4; k++) {
			if (c[k].id == 1)
				sum->fail_acted += c[k].acted;
			else if (c[k].id == 2)
				sum->return_acted += c[k].acted;
		}
	}
	sct_buf_free(&b);
	return err;
}

/* one cycle: insmod, n replacements and CLEAR, rmmod */
static int cycle(const char *ko, int n, struct retired *sum)
{
	int fd, err = kmod_load(ko);

	if (err)
		return err;
	fd = sct_open();
	if (fd < 0)
		return fd;
	err = reload(fd, n, sum);
	close(fd);
	return err ? err : kmod_unload();
}

TEST_F_TIMEOUT(module, smp_stress_1000_generations_under_4_hammering_threads, 900)
{
	enum { THREADS = 4, CYCLES = 50, RELOADS = 20 };
	struct hammer h = { .lock = PTHREAD_MUTEX_INITIALIZER };
	struct retired sum = { 0 };
	pthread_t t[THREADS];
	long long t0;
	int err = 0, i;

	close(self->fd);
	self->fd = -1;
	ASSERT_EQ(0, kmod_unload());
	for (i = 0; i < THREADS; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, hammer, &h));
	t0 = now_ms();
	for (i = 0; i < CYCLES && !err; i++) {
		err = cycle(self->ko, RELOADS, &sum);
		/* progress: a hang names the cycle it hung in */
		if ((i + 1) % 10 == 0)
			TH_LOG("stress: %d of %d load/unload cycles, %lld ms", i + 1, CYCLES, now_ms() - t0);
	}
	h.stop = 1;
	for (int j = 0; j < THREADS; j++)
		pthread_join(t[j], NULL);
	ASSERT_EQ(0, err) TH_LOG("cycle %d: %s", i, strerror(-err));
	NOTE("stress: threads=%d vcpus=%ld cycles=%d replacements=%d generations=%llu calls=%llu edom=%llu fail_acted=%llu seven=%llu return_acted=%llu ms=%lld",
	     THREADS, sysconf(_SC_NPROCESSORS_ONLN), CYCLES, CYCLES * RELOADS, sum.generations, h.calls, h.edom, sum.fail_acted,
	     h.seven, sum.return_acted, now_ms() - t0);
	EXPECT_EQ(CYCLES * RELOADS, sum.generations);
	EXPECT_LT(0, h.edom);
	EXPECT_LT(0, h.seven);
	EXPECT_EQ(h.edom, sum.fail_acted);
	EXPECT_EQ(h.seven, sum.return_acted);
}

TEST_HARNESS_MAIN
