// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reads a program corpus (test/helpers/prog-corpus/format.ts) and runs include/sct/prog_check.h
 * on each record, as a plain C program: one line per record, "INDEX FAULT_NAME INSN CONSTANT",
 * then "mismatches N" (records whose expected fault, when not 0xffff, differs). Exit 0 when it
 * could read the file, 2 when not. Used by test/native/prog-corpus.test.ts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sct/prog_check.h"

static unsigned int rd32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned int)p[3] << 24;
}

int main(int argc, char **argv)
{
	static struct sct_prog_check_ws ws;
	unsigned char hdr[16], rec[8];
	unsigned int count, i, mismatches = 0;
	FILE *f;

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: prog-corpus-check FILE\n");
		return 2;
	}
	if (fread(hdr, 1, 16, f) != 16 || memcmp(hdr, "SCTPCORP", 8) || rd32(hdr + 8) != 1) {
		fprintf(stderr, "%s: not a version-1 program corpus\n", argv[1]);
		return 2;
	}
	count = rd32(hdr + 12);
	for (i = 0; i < count; i++) {
		struct sct_prog_verdict v;
		unsigned int len, expected;
		unsigned char *blob;

		if (fread(rec, 1, 8, f) != 8) {
			fprintf(stderr, "%s: truncated at record %u\n", argv[1], i);
			return 2;
		}
		len = rd32(rec);
		expected = rec[4] | rec[5] << 8;
		blob = malloc(len ? len : 1);
		if (!blob || fread(blob, 1, len, f) != len) {
			fprintf(stderr, "%s: truncated inside record %u\n", argv[1], i);
			return 2;
		}
		sct_prog_check(blob, len, &ws, &v);
		printf("%u %s %d %d\n", i, sct_prog_fault_name(v.fault), v.insn, v.constant);
		if (expected != 0xffff && expected != (unsigned int)v.fault)
			mismatches++;
		free(blob);
	}
	printf("mismatches %u\n", mismatches);
	fclose(f);
	return 0;
}
