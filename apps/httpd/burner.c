/* SPDX-License-Identifier: BSD-2-Clause */
/* The burner (CONFIG_HTTPD_BURNER): a CPU-bound fiber on a CPU other than
 * the network CPU, so that a benchmark can show that httpd's latency does
 * not depend on what the other CPUs do (lwIP and its interrupt stay on
 * rk_net_cpu(), docs/smp.md). */
#include <rumpk/fiber.h>
#include <rumpk/net.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include "httpd.h"

#define ROUND_STEPS 100000 /* a round takes a fraction of a millisecond under TCG */

static uint64_t rounds;  /* written by the burner, read by /stats */
static unsigned burner_cpu;

/* A linear congruential generator: work the compiler cannot fold away. */
static void burn(void *arg)
{
	uint64_t x = 1;

	for (;;) {
		for (unsigned i = 0; i < ROUND_STEPS; i++)
			x = x * 6364136223846793005ull + 1442695040888963407ull;
		__asm__ volatile("" : : "r"(x));
		__atomic_store_n(&rounds, rounds + 1, __ATOMIC_RELAXED);
		rk_yield(); /* other fibers of this CPU, if any, still run */
	}
}

int httpd_burner_start(void)
{
	/* The CPUs online are numbered 0 .. rk_cpus_online() - 1. */
	unsigned cpu = (rk_net_cpu() + 1) % rk_cpus_online();
	/* The least urgent priority: it only takes what nothing else wants. */
	struct rk_fiber_attr attr = { .prio = RK_PRIO_MIN };

	if (cpu == rk_net_cpu() || !rk_fiber_create_on(cpu, "burner", burn, 0, &attr)) {
		printk("httpd: no CPU for the burner besides the network CPU %u (%u online)\n",
		       rk_net_cpu(), rk_cpus_online());
		return -RK_EINVAL;
	}
	burner_cpu = cpu;
	printk("httpd: burner fiber saturating CPU %u (the network runs on CPU %u)\n", cpu,
	       rk_net_cpu());
	return 0;
}

uint64_t httpd_burner_rounds(void)
{
	return __atomic_load_n(&rounds, __ATOMIC_RELAXED);
}

unsigned httpd_burner_cpu(void)
{
	return burner_cpu;
}
