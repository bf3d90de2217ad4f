/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DFA constant of a filter program (SCT_CONST_DFA; layout in sct/prog.h, at struct sct_const):
 * its load-time check, for every consumer; the match is sct_interp_str_match (sct/prog_interp.h). Plain
 * C, freestanding; fields are read byte by byte as little-endian, so no alignment is assumed.
 */
#ifndef SCT_PROG_DFA_H
#define SCT_PROG_DFA_H

#include "prog.h"

#if !defined(__KERNEL__) && !defined(__bpf__)
#ifndef __cplusplus
#include <stdbool.h>
#endif
#endif

#define SCT_DFA_HDR 8                             /* n_states, n_classes, start, dead */
#define SCT_DFA_ACCEPTING (SCT_DFA_HDR + 256)     /* after classes[256] */

static inline unsigned int sct_le16(const __u8 *p)
{
	return p[0] | (unsigned int)p[1] << 8;
}

/* Payload bytes of a DFA with these counts (at most 8 + 256 + 1024 + 2 * 1024 * 256 once checked). */
static inline __u32 sct_dfa_size(unsigned int n_states, unsigned int n_classes)
{
	return SCT_DFA_ACCEPTING + n_states + 2 * n_states * n_classes;
}

/* What sct_dfa_check found wrong; the supervisor turns it into a message, the kernel into -EINVAL. */
enum sct_dfa_fault {
	SCT_DFA_OK = 0,
	SCT_DFA_TOO_SHORT,      /* shorter than the header and the class table */
	SCT_DFA_BAD_STATES,     /* n_states 0 or above SCT_DFA_MAX_STATES */
	SCT_DFA_BAD_CLASSES,    /* n_classes 0 or above 256 */
	SCT_DFA_BAD_START,      /* start or dead state out of range */
	SCT_DFA_BAD_SIZE,       /* len is not sct_dfa_size() */
	SCT_DFA_BAD_BYTE_CLASS, /* a byte maps to a class out of range */
	SCT_DFA_BAD_TRANSITION, /* a transition leads to a state out of range */
};

/* Checks a DFA payload of len bytes: every index the match (sct_interp_str_match in
 * sct/prog_interp.h) follows stays inside it. */
static inline enum sct_dfa_fault sct_dfa_check(const __u8 *p, __u32 len)
{
	unsigned int n, k, i;

	if (len < SCT_DFA_ACCEPTING)
		return SCT_DFA_TOO_SHORT;
	n = sct_le16(p);
	k = sct_le16(p + 2);
	if (n == 0 || n > SCT_DFA_MAX_STATES)
		return SCT_DFA_BAD_STATES;
	if (k == 0 || k > 256)
		return SCT_DFA_BAD_CLASSES;
	if (sct_le16(p + 4) >= n || sct_le16(p + 6) >= n)
		return SCT_DFA_BAD_START;
	if (len != sct_dfa_size(n, k))
		return SCT_DFA_BAD_SIZE;
	for (i = 0; i < 256; i++)
		if (p[SCT_DFA_HDR + i] >= k)
			return SCT_DFA_BAD_BYTE_CLASS;
	for (i = 0; i < n * k; i++)
		if (sct_le16(p + SCT_DFA_ACCEPTING + n + 2 * i) >= n)
			return SCT_DFA_BAD_TRANSITION;
	return SCT_DFA_OK;
}

#endif /* SCT_PROG_DFA_H */
