/* SPDX-License-Identifier: BSD-2-Clause */
/* Starts N children (argv[1], default 3) of /bin/hello with exec, each with
 * an argument, waits for every one and prints its status; then a child
 * that is refused (/bin/unsigned) and one that faults (/bin/crash). Exits
 * with the number of surprises (0). */
#include "rksys.h"

int main(int argc, char **argv)
{
	char num[21];
	long pids[8];
	int n = 3, bad = 0;

	if (argc > 1 && argv[1][0] >= '1' && argv[1][0] <= '8' && !argv[1][1])
		n = argv[1][0] - '0';
	for (int i = 0; i < n; i++) {
		const char *args[1] = { rk_utoa((uint64_t)i, num) };
		pids[i] = rk_spawn("/bin/hello", args, 1);
		if (pids[i] < 0)
			bad++;
	}
	for (int i = 0; i < n; i++) {
		long st = rk_wait(pids[i]);
		rk_puts("spawner: child ");
		rk_puts(rk_itoa(pids[i], num));
		rk_puts(" exited with status ");
		rk_puts(rk_itoa(st, num));
		rk_puts("\n");
		bad += st != 42;
	}
	long r = rk_spawn("/bin/unsigned", 0, 0);
	rk_puts("spawner: /bin/unsigned: ");
	rk_puts(rk_itoa(r, num));
	rk_puts("\n");
	bad += r >= 0;
	long c = rk_spawn("/bin/crash", 0, 0);
	long st = rk_wait(c);
	rk_puts("spawner: /bin/crash exited with status ");
	rk_puts(rk_itoa(st, num));
	rk_puts("\n");
	bad += st != -RK_SYS_EFAULT;
	rk_puts("spawner: wait for a pid that is not a child: ");
	rk_puts(rk_itoa(rk_wait(9999), num));
	rk_puts("\n");
	return bad;
}
