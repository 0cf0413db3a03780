/* SPDX-License-Identifier: BSD-2-Clause */
/* The sample signed program: greets through the command ring and exits
 * with status 42. Freestanding static PIE; see programs/programs.cmake. */
#include "rksys.h"

static const char *const words[] = { "hello", "from", "a", "signed", "program" };
static char line[80]; /* .bss, zeroed by the loader */

long _start(const struct rk_sys *sys)
{
	char num[21];
	size_t n = 0;

	if (sys->abi != RK_SYS_ABI_VERSION)
		return 1;
	/* Builds the line from relocated pointers (R_*_RELATIVE) and BSS. */
	for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		for (const char *w = words[i]; *w; w++)
			line[n++] = *w;
		line[n++] = ' ';
	}
	for (const char *w = "(pid "; *w; w++)
		line[n++] = *w;
	for (const char *w = rk_utoa((uint64_t)rk_getpid(sys), num); *w; w++)
		line[n++] = *w;
	line[n++] = ')';
	line[n++] = '\n';
	rk_write(sys, 1, line, n);
	return 42;
}
