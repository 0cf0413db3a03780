/* SPDX-License-Identifier: BSD-2-Clause */
/* Reading a DTB file into a buffer as a boot loader would hand it over
 * (8-byte aligned, RK_FDT_MAX_SIZE bytes, so that a test may grow the tree
 * in place), for the host tests of drivers/fdt. Exits with status 2 when
 * the file cannot be read: a build problem, not a test failure. */
#ifndef TEST_FDT_LOAD_H
#define TEST_FDT_LOAD_H

#include <stdio.h>
#include <stdlib.h>
#include <rumpk/fdt.h>

/* The DTB at dir/name (dir NULL: name is the path); *len (unless NULL)
 * gets the file's size. free() it. */
static inline void *fdt_load(const char *dir, const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	void *buf = aligned_alloc(8, RK_FDT_MAX_SIZE);
	size_t n = buf ? fread(buf, 1, RK_FDT_MAX_SIZE, f) : 0;
	fclose(f);
	if (!n) {
		fprintf(stderr, "%s: empty or unreadable\n", path);
		exit(2);
	}
	if (len)
		*len = n;
	return buf;
}

#endif
