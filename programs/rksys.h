/* SPDX-License-Identifier: BSD-2-Clause */
/* What a Rumpk program links against: nothing. The kernel hands _start a
 * struct rk_sys (include/rumpk/syscall.h); these wrappers push commands
 * into the program's command ring through it. */
#ifndef RKSYS_H
#define RKSYS_H

#include <stddef.h>
#include <stdint.h>
#include <rumpk/syscall.h>

static inline long rk_write(const struct rk_sys *s, int fd, const void *buf, size_t len)
{
	return s->call(s, RK_SYS_WRITE, (uint64_t)fd, (uint64_t)(uintptr_t)buf, len);
}

static inline void rk_exit(const struct rk_sys *s, int status)
{
	s->call(s, RK_SYS_EXIT, (uint64_t)(int64_t)status, 0, 0);
	for (;;)
		;
}

static inline long rk_yield_sys(const struct rk_sys *s) { return s->call(s, RK_SYS_YIELD, 0, 0, 0); }
static inline long rk_sleep_sys(const struct rk_sys *s, uint64_t ns) { return s->call(s, RK_SYS_SLEEP, ns, 0, 0); }
static inline uint64_t rk_time_sys(const struct rk_sys *s) { return (uint64_t)s->call(s, RK_SYS_TIME, 0, 0, 0); }
static inline long rk_getpid(const struct rk_sys *s) { return s->call(s, RK_SYS_GETPID, 0, 0, 0); }

static inline size_t rk_strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static inline long rk_puts(const struct rk_sys *s, const char *str)
{
	return rk_write(s, 1, str, rk_strlen(str));
}

/* Decimal of v into buf (at least 21 bytes); returns buf. */
static inline char *rk_utoa(uint64_t v, char *buf)
{
	char tmp[21];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = 0;
	return buf;
}

#endif
