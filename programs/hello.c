/* SPDX-License-Identifier: BSD-2-Clause */
/* The sample signed program: greets through the command ring, echoes its
 * arguments and exits with status 42. Freestanding static PIE; see
 * programs/programs.cmake. */
#include "rksys.h"

static const char *const words[] = { "hello", "from", "a", "signed", "program" };
static char line[80]; /* .bss, zeroed by the loader */

int main(int argc, char **argv)
{
	char num[21];
	size_t n = 0;

	/* Builds the line from relocated pointers (R_*_RELATIVE) and BSS. */
	for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		for (const char *w = words[i]; *w; w++)
			line[n++] = *w;
		line[n++] = ' ';
	}
	for (const char *w = "(pid "; *w; w++)
		line[n++] = *w;
	for (const char *w = rk_utoa((uint64_t)rk_getpid(), num); *w; w++)
		line[n++] = *w;
	line[n++] = ')';
	line[n++] = '\n';
	rk_write(1, line, n);
	for (int i = 1; i < argc; i++) {
		rk_puts("hello: argv[");
		rk_puts(rk_utoa((uint64_t)i, num));
		rk_puts("] = ");
		rk_puts(argv[i]);
		rk_puts("\n");
	}
	return 42;
}
