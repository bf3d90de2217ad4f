/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small C client of /dev/sct shared by sct-ctl (kernel/tools/) and the module's selftests
 * (kernel/selftests/): hand-assembled rules from a one-line text form, and the ioctl calls.
 * Functions return 0 or a negative errno (libbpf's convention); none exits.
 *
 *   RULE = NR:ACTION[:VALUE][,argeq=I=V][,streq=I=S][,after][,arg=I][,str=S][,id=N][,max=N][,noevent]
 *   ACTION = log fail return delay suspend kill alter_reg alter_mem alter_ret
 */
#ifndef SCT_CLIENT_H
#define SCT_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include "sct/uapi.h"

/* a growing byte buffer: rule records, filter programs */
struct sct_buf {
	uint8_t *p;
	size_t n, cap;
};

extern const char *const sct_action_names[SCT_ACT__KMOD_COUNT];

void sct_buf_put(struct sct_buf *b, const void *d, size_t n);
void sct_buf_free(struct sct_buf *b);

/* Appends one rule record parsed from its text form; -EINVAL on a malformed one. */
int sct_rule_append(struct sct_buf *out, const char *spec, uint32_t default_id);

/* Opens /dev/sct read-write, close-on-exec: the fd or -errno. */
int sct_open(void);

/*
 * LOAD of n records from rules (n == 0: CLEAR). scope NULL: every process. retired/cap: room for
 * the retired generation's counters (may be NULL/0). lo (may be NULL) receives the struct the
 * module filled in (generation, retired_generation, retired_n).
 */
int sct_load(int fd, const struct sct_buf *rules, uint32_t n, const struct sct_scope *scope,
	     struct sct_counter *retired, uint32_t cap, struct sct_load *lo);
int sct_clear(int fd);
/* LIST into c[cap]; l receives the header (n may exceed cap). */
int sct_list(int fd, struct sct_counter *c, uint32_t cap, struct sct_list *l);
/* RESUME tid (0: every suspended thread): how many were resumed, or -errno (-ESRCH: none). */
int sct_resume(int fd, int tid);
/* Reads the pending events without blocking, at most cap: how many, or -errno. */
int sct_read_events(int fd, struct sct_event *ev, size_t cap);

#endif /* SCT_CLIENT_H */
