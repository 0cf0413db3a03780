/* SPDX-License-Identifier: BSD-2-Clause */
/* Figures for docs/syscall.md, never asserted: the cost of one command
 * round trip (submit one NOP, trap, reap) and of a command in a batch of
 * 16 (sixteen NOPs, one trap), in nanoseconds of the kernel's clock
 * (RK_OP_TIME), averaged over argv[1] (default 4096) commands; then the
 * time from asking for a child (RK_OP_SPAWN) to the child's first command,
 * which the child (ringbench first T0) prints. */
#include "rksys.h"

static uint64_t number(const char *s)
{
	uint64_t n = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (uint64_t)(*s - '0');
	return n;
}

int main(int argc, char **argv)
{
	char num[21];
	uint64_t n = 4096;
	struct rk_cqe c;

	if (argc > 2 && rk_streq(argv[1], "first")) {
		uint64_t now = rk_time(); /* the child's first command */
		rk_puts("ringbench: spawn to the child's first command ");
		rk_puts(rk_utoa((now - number(argv[2])) / 1000, num));
		rk_puts(" us\n");
		return 0;
	}
	if (argc > 1)
		n = number(argv[1]);
	n = (n + 15) / 16 * 16;
	if (!n)
		return 2;
	uint64_t t0 = rk_time();
	for (uint64_t i = 0; i < n; i++)
		rk_call(RK_OP_NOP, 0, 0, 0, 0);
	uint64_t t1 = rk_time();
	for (uint64_t i = 0; i < n; i += 16) {
		for (int j = 0; j < 16; j++)
			rk_submit(RK_OP_NOP, 0, 0, 0, 0, 0);
		rk_enter();
		while (rk_reap(&c))
			;
	}
	uint64_t t2 = rk_time();
	rk_puts("ringbench: ");
	rk_puts(rk_utoa(n, num));
	rk_puts(" commands: round trip ");
	rk_puts(rk_utoa((t1 - t0) / n, num));
	rk_puts(" ns, in batches of 16 ");
	rk_puts(rk_utoa((t2 - t1) / n, num));
	rk_puts(" ns per command\n");

	const char *args[2] = { "first", rk_utoa(rk_time(), num) };
	long pid = rk_spawn(argv[0], args, 2);
	return pid < 0 || rk_wait(pid) != 0;
}
