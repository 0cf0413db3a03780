/* SPDX-License-Identifier: BSD-2-Clause */
/* The printf family for C programs on aarch64, where they run without the
 * FP/SIMD unit: the kernel leaves EL0's access to it off (CPACR_EL1.FPEN),
 * so a program that touches a vector register ends with "exception (cause
 * 7)". Debian's picolibc is built with it: its variadic printf functions
 * save q0-q7 on entry and its default vfprintf formats doubles. These are
 * built with -mgeneral-regs-only and call picolibc's integer-only
 * vfprintf, __i_vfprintf, so %f, scanf and setjmp are not available to
 * aarch64 programs (docs/syscall.md). */
#include <stdarg.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

int __i_vfprintf(FILE *f, const char *fmt, va_list ap);

/* Defined here, picolibc's own vfprintf (the double one) is not linked. */
int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	return __i_vfprintf(f, fmt, ap);
}

/* A FILE that writes into a string, as much as fits. */
struct strout {
	FILE file; /* first: vfprintf hands put this pointer */
	char *buf;
	size_t size, len;
};

static int str_put(char c, FILE *f)
{
	struct strout *s = (struct strout *)f;
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
	return (unsigned char)c;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct strout s = {
		.file = FDEV_SETUP_STREAM(str_put, NULL, NULL, _FDEV_SETUP_WRITE),
		.buf = buf,
		.size = size,
	};
	int n = vfprintf(&s.file, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = 0;
	return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
	return vsnprintf(buf, INT_MAX, fmt, ap); /* unbounded, as sprintf is */
}

int vprintf(const char *fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, INT_MAX, fmt, ap);
	va_end(ap);
	return n;
}
