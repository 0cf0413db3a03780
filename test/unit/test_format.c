/* Host unit test of kernel/lib/format.c: every case is checked against the
 * host C library's snprintf, which is the reference, including the return
 * value and truncation into small buffers. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <rumpk/printk.h>

static int failures, checks;

static void check(const char *fmt, ...)
{
	char want[256], got[256];
	va_list ap, ap2;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	int wn = vsnprintf(want, sizeof(want), fmt, ap);
	int gn = rk_vsnprintf(got, sizeof(got), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	checks++;
	if (wn != gn || strcmp(want, got) != 0) {
		failures++;
		printf("FAIL fmt \"%s\": want [%s] (%d), got [%s] (%d)\n", fmt, want, wn, got, gn);
	}
	/* Every truncation length must give the host's prefix and return value. */
	for (size_t size = 0; size < (size_t)wn + 2 && size < sizeof(got); size++) {
		char small[256];
		memset(small, 'Z', sizeof(small));
		va_start(ap, fmt);
		int n = rk_vsnprintf(small, size, fmt, ap);
		va_end(ap);
		checks++;
		if (n != wn || (size && (strncmp(small, want, size - 1) != 0 || small[size - 1 < (size_t)wn ? size - 1 : (size_t)wn] != '\0'))
		    || small[size] != 'Z') {
			failures++;
			printf("FAIL fmt \"%s\" size %zu: returned %d, buffer [%.*s]\n", fmt, size, n,
			       (int)size, small);
		}
	}
}

int main(void)
{
	check("plain text");
	check("%d %i %u", 42, -42, 42u);
	check("%d %d", INT32_MIN, INT32_MAX);
	check("%ld %lu", (long)INT64_MIN, (unsigned long)UINT64_MAX);
	check("%lld %llx", (long long)-1, (unsigned long long)0xdeadbeefcafef00dULL);
	check("%zu %zd %jd %td", (size_t)123456789, (ssize_t)-5, (intmax_t)-7, (ptrdiff_t)-9);
	check("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	check("%x %X %o %#x %#X %#o", 0xabcu, 0xabcu, 8u, 255u, 255u, 8u);
	check("%#x %#o", 0u, 0u);
	check("[%5d] [%-5d] [%05d] [%+d] [% d] [%+5d] [%-+5d]", 42, 42, 42, 42, 42, 42, 42);
	check("[%05d] [%5.3d] [%-8.4x] [%.0d] [%.0x] [%5.0d]", -42, 7, 0x1fu, 0, 0u, 0);
	check("[%08.3d] [%+.2d] [% 07d]", 5, 3, -12);
	check("[%*d] [%-*d] [%.*d] [%*d]", 6, 1, 6, 2, 4, 3, -4, 5);
	check("[%s] [%10s] [%-10s] [%.3s] [%10.2s] [%.*s]", "hi", "hi", "hi", "hello", "hello", 2, "xyz");
	check("[%c] [%3c] [%-3c]", 'a', 'b', 'c');
	check("100%% done %%d");
	check("%p", (void *)0x1234);
	check("%#016llx", 0x80200000ULL);
	check("%016llx|%-16llx|", 0x80200000ULL, 0x1ULL);
	check("%s", "");
	check("%u%u%u%u%u%u%u%u%u%u", 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 0u);
	check("long %s %s %s %s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
	      "cccccccccccccccccccccccccccccccc", "dddddddddddddddddddd");
	/* Things the host prints differently on purpose are checked by value. */
	char buf[32];
	const char *volatile null_str = NULL; /* hidden from -Wformat-overflow */
	int n = rk_snprintf(buf, sizeof(buf), "%s", null_str);
	checks++;
	if (n != 6 || strcmp(buf, "(null)") != 0) {
		failures++;
		printf("FAIL NULL string: [%s]\n", buf);
	}
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures != 0;
}
