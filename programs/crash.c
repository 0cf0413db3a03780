/* SPDX-License-Identifier: BSD-2-Clause */
/* A signed program with a bug: it stores through a null pointer. The fault
 * ends the program (status -RK_EFAULT, the reason printed) and the kernel
 * runs on; the shell test checks both. The pointer comes through a
 * volatile so that the compiler emits the store instead of a trap for
 * known undefined behaviour. */
#include "rksys.h"

int main(void)
{
	static volatile uintptr_t nowhere;

	rk_puts("crash: storing through a null pointer\n");
	*(volatile long *)nowhere = 1;
	rk_puts("crash: still here (the store did not fault)\n");
	return 0;
}
