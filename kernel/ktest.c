/* SPDX-License-Identifier: BSD-2-Clause */
/* Runner of the in-image tests registered with RK_TEST (include/rumpk/test.h).
 * Its output lines are a contract with apps/ktest/app.desc. */
#include <string.h>
#include <rumpk/printk.h>
#include <rumpk/test.h>
#include <rumpk/time.h>

extern const struct rk_test __rk_tests_start[], __rk_tests_end[];

static int current_failures;

void rk_test_fail(const char *file, int line, const char *what)
{
	if (!current_failures)
		printk("\n");
	printk("  FAIL %s:%d: %s\n", file, line, what);
	current_failures++;
}

void rk_test_fail_eq(const char *file, int line, const char *what, long long a, long long b)
{
	if (!current_failures)
		printk("\n");
	printk("  FAIL %s:%d: %s (%lld != %lld)\n", file, line, what, a, b);
	current_failures++;
}

int rk_test_run_all(const char *prefix)
{
	int passed = 0, failed = 0;
	size_t plen = strlen(prefix);

	for (const struct rk_test *t = __rk_tests_start; t < __rk_tests_end; t++) {
		if (strncmp(t->name, prefix, plen) != 0)
			continue;
		current_failures = 0;
		printk("TEST %s ...", t->name);
		uint64_t t0 = rk_time_ns();
		t->fn();
		uint64_t us = (rk_time_ns() - t0) / 1000;
		if (current_failures) {
			printk("TEST %s FAILED\n", t->name);
			failed++;
		} else {
			printk(" ok (%llu us)\n", (unsigned long long)us);
			passed++;
		}
	}
	printk("ktest: %d passed, %d failed\n", passed, failed);
	return failed;
}
