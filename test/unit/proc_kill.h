/* SPDX-License-Identifier: BSD-2-Clause */
/* rk_proc_kill for the host tests of kernel/exec (test_cmd.c, test_pkt.c):
 * the first reason is kept in killed[] and the program marked ended, as
 * exec.c does. Include after kernel/exec/proc.h. */
#ifndef RK_TEST_PROC_KILL_H
#define RK_TEST_PROC_KILL_H

#include <stdarg.h>
#include <stdio.h>

static char killed[RK_EXEC_WHY_MAX];

void rk_proc_kill(struct rk_proc *p, const char *fmt, ...)
{
	va_list ap;
	if (p->exited)
		return;
	va_start(ap, fmt);
	vsnprintf(killed, sizeof(killed), fmt, ap);
	va_end(ap);
	p->exited = true;
	p->status = -RK_EFAULT;
}

#endif
