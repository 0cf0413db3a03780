/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image test of the TSC rate refinement (time.c): where boot measured
 * the TSC against the PIT only briefly, a timer refines the rate later,
 * and the kernel clock must go on across that change without stepping
 * back. Under KVM with a CPUID frequency there is nothing to refine. */
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/test.h>
#include <rumpk/time.h>
#include <arch/tsc.h>

RK_TEST(x86_tsc_rate_refined)
{
	if (!strstr(x86_tsc_source(), "PIT"))
		return; /* a CPUID leaf stated the rate */
	uint64_t prev = rk_time_ns();
	/* The refinement is due 20 ms after the late level; retries take
	 * 20 ms each, four at most. Nothing here judges how long it took. */
	for (int i = 0; i < 200 && !strstr(x86_tsc_source(), "refine"); i++) {
		rk_sleep_ms(1);
		uint64_t now = rk_time_ns();
		RK_EXPECT(now >= prev);
		prev = now;
	}
	RK_EXPECT(strstr(x86_tsc_source(), "refined") != NULL);
	RK_EXPECT(arch_clock_hz() > 0);
	for (int i = 0; i < 1000; i++) {
		uint64_t now = rk_time_ns();
		RK_EXPECT(now >= prev);
		prev = now;
	}
}
