/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of kernel/lib/format.c: every case is checked against the
 * host C library's snprintf, which is the reference, including the return
 * value and truncation into small buffers. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <rumpk/printk.h>
#include "check.h"

/* rk_vsnprintf(fmt, ...) must do what the host's vsnprintf does. */
static void check_fmt(const char *fmt, ...)
{
	char want[256], got[256];
	va_list ap, ap2;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	int wn = vsnprintf(want, sizeof(want), fmt, ap);
	int gn = rk_vsnprintf(got, sizeof(got), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	CHECK_MSG(wn == gn && strcmp(want, got) == 0, "fmt \"%s\": want [%s] (%d), got [%s] (%d)",
		  fmt, want, wn, got, gn);
	/* Every truncation length must give the host's prefix and return value. */
	for (size_t size = 0; size < (size_t)wn + 2 && size < sizeof(got); size++) {
		char small[256];
		memset(small, 'Z', sizeof(small));
		va_start(ap, fmt);
		int n = rk_vsnprintf(small, size, fmt, ap);
		va_end(ap);
		/* The host's return value; when size > 0 its first size - 1
		 * bytes and a NUL; small[size] untouched. */
		size_t nul = size - 1 < (size_t)wn ? size - 1 : (size_t)wn;
		bool same = n == wn && small[size] == 'Z' &&
			    (!size || (strncmp(small, want, size - 1) == 0 && small[nul] == '\0'));
		CHECK_MSG(same, "fmt \"%s\" size %zu: returned %d, buffer [%.*s]", fmt, size, n, (int)size,
			  small);
	}
}

int main(void)
{
	check_fmt("plain text");
	check_fmt("%d %i %u", 42, -42, 42u);
	check_fmt("%d %d", INT32_MIN, INT32_MAX);
	check_fmt("%ld %lu", (long)INT64_MIN, (unsigned long)UINT64_MAX);
	check_fmt("%lld %llx", (long long)-1, (unsigned long long)0xdeadbeefcafef00dULL);
	check_fmt("%zu %zd %jd %td", (size_t)123456789, (ssize_t)-5, (intmax_t)-7, (ptrdiff_t)-9);
	check_fmt("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	check_fmt("%x %X %o %#x %#X %#o", 0xabcu, 0xabcu, 8u, 255u, 255u, 8u);
	check_fmt("%#x %#o", 0u, 0u);
	check_fmt("[%5d] [%-5d] [%05d] [%+d] [% d] [%+5d] [%-+5d]", 42, 42, 42, 42, 42, 42, 42);
	check_fmt("[%05d] [%5.3d] [%-8.4x] [%.0d] [%.0x] [%5.0d]", -42, 7, 0x1fu, 0, 0u, 0);
	check_fmt("[%08.3d] [%+.2d] [% 07d]", 5, 3, -12);
	check_fmt("[%*d] [%-*d] [%.*d] [%*d]", 6, 1, 6, 2, 4, 3, -4, 5);
	check_fmt("[%s] [%10s] [%-10s] [%.3s] [%10.2s] [%.*s]", "hi", "hi", "hi", "hello", "hello", 2, "xyz");
	check_fmt("[%c] [%3c] [%-3c]", 'a', 'b', 'c');
	check_fmt("100%% done %%d");
	check_fmt("%p", (void *)0x1234);
	check_fmt("%#016llx", 0x80200000ULL);
	check_fmt("%016llx|%-16llx|", 0x80200000ULL, 0x1ULL);
	check_fmt("%s", "");
	check_fmt("%u%u%u%u%u%u%u%u%u%u", 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 0u);
	check_fmt("long %s %s %s %s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
	      "cccccccccccccccccccccccccccccccc", "dddddddddddddddddddd");
	/* Things the host prints differently on purpose are checked by value. */
	char buf[32];
	const char *volatile null_str = NULL; /* hidden from -Wformat-overflow */
	int n = rk_snprintf(buf, sizeof(buf), "%s", null_str);
	CHECK_MSG(n == 6 && strcmp(buf, "(null)") == 0, "NULL string: [%s]", buf);
	return check_summary("test_format");
}
