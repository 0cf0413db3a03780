/* SPDX-License-Identifier: BSD-2-Clause */
/* The start of every program (include/rumpk/syscall.h): keep the ring
 * page, run main, exit with its result. */
#include "rksys.h"

struct rk_ring_page *rk_ring;

__attribute__((noreturn, used)) void _start(struct rk_ring_page *ring, long argc, char **argv)
{
	rk_ring = ring;
	if (ring->abi != RK_SYS_ABI_VERSION)
		rk_exit(126); /* built for another ABI */
	rk_exit(main((int)argc, argv));
}

/* The compiler may call these for struct copies and initialisers even in a
 * freestanding program. Byte loops through volatile pointers, so that it
 * does not turn them back into calls to themselves. */
void *memcpy(void *dst, const void *src, size_t n)
{
	volatile unsigned char *d = dst;
	const unsigned char *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	volatile unsigned char *d = dst;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
