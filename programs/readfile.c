/* SPDX-License-Identifier: BSD-2-Clause */
/* Reads a file of the initrd through the ring (argv[1], default /README):
 * stat, open twice (each handle has its own offset), seek, read, and a
 * batch of commands with one trap; heap grown, used and shrunk. */
#include "rksys.h"

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/README";
	char num[21], buf[64];
	struct rk_stat st;

	long r = rk_stat(path, &st);
	if (r < 0) {
		rk_puts("readfile: stat failed: ");
		rk_puts(rk_itoa(r, num));
		rk_puts("\n");
		return 1;
	}
	rk_puts("readfile: ");
	rk_puts(path);
	rk_puts(" is ");
	rk_puts(rk_utoa(st.size, num));
	rk_puts(" bytes\n");
	long a = rk_open(path), b = rk_open(path);
	if (a < 0 || b < 0)
		return 2;
	long n = rk_read((int)a, buf, 16);
	rk_seek((int)b, 6, 0);
	long m = rk_read((int)b, buf + 32, 16);
	rk_puts("readfile: first 16 bytes: ");
	rk_write(1, buf, n > 0 ? (size_t)n : 0);
	rk_puts("\nreadfile: 16 bytes at offset 6: ");
	rk_write(1, buf + 32, m > 0 ? (size_t)m : 0);
	rk_puts("\n");

	/* A batch: three commands, one trap, three completions. */
	rk_submit(RK_OP_GETPID, 0, 0, 0, 0, 1);
	rk_submit(RK_OP_FSTAT, (uint64_t)a, (uint64_t)(uintptr_t)&st, 0, 0, 2);
	rk_submit(RK_OP_CLOSE, (uint64_t)b, 0, 0, 0, 3);
	long consumed = rk_enter();
	struct rk_cqe c;
	int got = 0;
	while (rk_reap(&c))
		got += c.res >= 0 && c.user_data == (uint64_t)(got + 1);
	rk_puts("readfile: batch of 3 in one trap: ");
	rk_puts(rk_itoa(consumed, num));
	rk_puts(" consumed, ");
	rk_puts(rk_itoa(got, num));
	rk_puts(" good completions\n");
	rk_close((int)a);
	rk_puts("readfile: read from a closed handle: ");
	rk_puts(rk_itoa(rk_read((int)a, buf, 1), num));
	rk_puts("\n");

	/* The heap: grow to 3 pages, write the last byte, shrink to nothing. */
	if (rk_heap(3 * 4096) != 3 * 4096)
		return 3;
	((volatile char *)(uintptr_t)rk_ring->heap_base)[3 * 4096 - 1] = 1;
	rk_puts("readfile: heap of 3 pages used, then freed: ");
	rk_puts(rk_itoa(rk_heap(0), num));
	rk_puts("\n");
	return 0;
}
