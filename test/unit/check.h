/* SPDX-License-Identifier: BSD-2-Clause */
/* Checks for the host unit tests (test/unit/, test/net/). A failed check
 * prints one line, "FAIL file:line: what [context]", and the test goes on,
 * so that one run shows every failure; check_summary() prints the counts
 * and gives the exit status. Header-only: every test is one program.
 *
 *   CHECK(c)               c holds; prints the expression
 *   CHECK_EQ(a, b)         a == b as integers (pointers too); prints both
 *                          values, signed decimal and hex
 *   CHECK_MSG(c, fmt...)   c holds; prints the formatted message instead
 *   check_at(), check_eq_at()
 *                          the same with the caller's file and line, for
 *                          helpers that take __LINE__ from their callers
 *   check_context          set to say what is being tested (a file, a
 *                          case); printed after each failure
 *   check_summary(name)    "name: N checks, M failed"; 0 when none failed
 *
 * Not thread-safe: check from the main thread only. */
#ifndef RK_TEST_CHECK_H
#define RK_TEST_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int check_count, check_failures;
static const char *check_context;

static inline void check_fail_end(void)
{
	if (check_context && *check_context)
		printf(" [%s]", check_context);
	printf("\n");
}

static inline __attribute__((format(printf, 4, 5))) bool
check_at(bool ok, const char *file, int line, const char *fmt, ...)
{
	check_count++;
	if (!ok) {
		va_list ap;
		check_failures++;
		printf("FAIL %s:%d: ", file, line);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		check_fail_end();
	}
	return ok;
}

/* Compared as long long: any two integers of up to 64 bits are equal
 * exactly when their 64-bit patterns are, whatever their signedness. */
static inline bool check_eq_at(long long a, long long b, const char *file, int line,
			       const char *what)
{
	check_count++;
	if (a != b) {
		check_failures++;
		printf("FAIL %s:%d: %s: %lld (%#llx) != %lld (%#llx)", file, line, what, a,
		       (unsigned long long)a, b, (unsigned long long)b);
		check_fail_end();
	}
	return a == b;
}

#define CHECK(c) check_at(!!(c), __FILE__, __LINE__, "%s", #c)
#define CHECK_EQ(a, b) check_eq_at((long long)(a), (long long)(b), __FILE__, __LINE__, #a " == " #b)
#define CHECK_MSG(c, ...) check_at(!!(c), __FILE__, __LINE__, __VA_ARGS__)

static inline int check_summary(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
	return check_failures != 0;
}

#endif
