/* SPDX-License-Identifier: BSD-2-Clause */
/* Fatal errors: print a message and power off with a non-zero status. */
#ifndef RUMPK_PANIC_H
#define RUMPK_PANIC_H

#include <rumpk/compiler.h>

/* Exit status of an image that panicked or took an unhandled exception. */
#define RK_EXIT_PANIC 99

rk_noreturn void rk_panic(const char *fmt, ...) rk_printf_like(1, 2);

#define RK_ASSERT(cond)                                                        \
	do {                                                                   \
		if (!(cond))                                                   \
			rk_panic("assertion failed: %s at %s:%d", #cond,       \
				 __FILE__, __LINE__);                          \
	} while (0)

#endif
