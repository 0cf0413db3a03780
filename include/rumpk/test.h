/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image tests. A test registers itself in the .rk_tests linker section:
 *
 *     RK_TEST(ring_wraps) { RK_EXPECT_EQ(rk_ring_size(&r), 8); }
 *
 * The ktest app runs them all and prints fixed lines that the boot test
 * (apps/ktest/app.desc) matches:
 *     TEST <name> ... ok            (or FAIL <file>:<line>: <what>)
 *     ktest: <n> passed, <m> failed
 */
#ifndef RUMPK_TEST_H
#define RUMPK_TEST_H

#include <rumpk/compiler.h>

struct rk_test {
	const char *name;
	void (*fn)(void);
};

#define RK_TEST(tname)                                                         \
	static void rk_test_fn_##tname(void);                                  \
	static const struct rk_test rk_test_##tname rk_used                   \
		rk_section(".rk_tests") rk_aligned(8) = { #tname, rk_test_fn_##tname }; \
	static void rk_test_fn_##tname(void)

/* Record a failure of the running test (it keeps running). */
void rk_test_fail(const char *file, int line, const char *what);

#define RK_EXPECT(cond)                                                        \
	do {                                                                   \
		if (!(cond))                                                   \
			rk_test_fail(__FILE__, __LINE__, #cond);               \
	} while (0)

#define RK_EXPECT_EQ(a, b)                                                     \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (a_ != b_)                                                  \
			rk_test_fail_eq(__FILE__, __LINE__, #a " == " #b, a_, b_); \
	} while (0)

void rk_test_fail_eq(const char *file, int line, const char *what, long long a, long long b);

/* Run every registered test whose name starts with prefix ("" = all);
 * returns the number of failed tests. */
int rk_test_run_all(const char *prefix);

#endif
