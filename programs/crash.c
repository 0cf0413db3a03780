/* SPDX-License-Identifier: BSD-2-Clause */
/* A signed program with a bug: it stores through a null pointer. The store
 * faults in the program's own code, so rk_exec ends the program (status
 * -RK_EFAULT) after the register dump and the kernel runs on; the shell
 * test checks both. The pointer comes through a volatile so that the
 * compiler emits the store instead of a trap for known undefined behaviour. */
#include "rksys.h"

long _start(const struct rk_sys *sys)
{
	static volatile uintptr_t nowhere;

	rk_puts(sys, "crash: storing through a null pointer\n");
	*(volatile long *)nowhere = 1;
	rk_puts(sys, "crash: still here (the store did not fault)\n");
	return 0;
}
