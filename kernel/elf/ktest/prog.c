/* SPDX-License-Identifier: BSD-2-Clause */
/* A tiny program for the ELF loader's tests, built at build time for the
 * image's architecture (as a static PIE) and, by the host tests, for every
 * architecture (as ET_EXEC and static PIE). It is loaded and inspected,
 * never run: code, read-only data, initialised data holding absolute
 * addresses (R_*_RELATIVE relocations in a PIE) and a BSS tail that the
 * loader must zero. The tests find rk_elf_test_marker by its magic. */
#define MARKER_MAGIC 0x524b454c46544553ull /* "SETFLEKR" */

struct marker {
	unsigned long long magic;
	const char *text;   /* -> greeting, relocated */
	long *counter;      /* -> counter, relocated */
	long *bss;          /* -> zeroes, relocated */
};

static const char greeting[] = "rumpk elf test";
long counter = 7;
long zeroes[1024]; /* 8 KiB of BSS */
struct marker rk_elf_test_marker = { MARKER_MAGIC, greeting, &counter, zeroes };

long _start(long x)
{
	return x + counter + zeroes[x & 1023] + rk_elf_test_marker.text[0];
}
