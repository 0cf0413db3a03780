/* SPDX-License-Identifier: BSD-2-Clause */
/* printk for host tests of kernel code: everything printed is appended to
 * log_buf, so that a test can check what the code said (e.g. a refusal
 * naming a DTB node; expect_log). Include in exactly one file of a test
 * program. */
#ifndef TEST_PRINTK_CAPTURE_H
#define TEST_PRINTK_CAPTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "check.h"

static char log_buf[1 << 14];

int vprintk(const char *fmt, va_list ap)
{
	size_t len = strlen(log_buf);
	return vsnprintf(log_buf + len, sizeof(log_buf) - len, fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* What was printed since the last call must contain want; then forget it. */
static inline void expect_log_at(const char *want, const char *file, int line)
{
	check_at(strstr(log_buf, want) != NULL, file, line, "expected \"%s\", got \"%s\"", want,
		 log_buf);
	log_buf[0] = 0;
}
#define expect_log(want) expect_log_at(want, __FILE__, __LINE__)

#endif
