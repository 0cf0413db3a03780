/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image test of the GIC's route hook (KTEST with SMP): an SPI no device
 * uses, raised by software, is taken by each CPU it is routed to in turn
 * (rk_irq_set_cpu: GICD_ITARGETSR on v2, GICD_IROUTER on v3); SGIs and
 * PPIs, each CPU's own, cannot be moved. Nothing to test where the image
 * runs without a GIC (generic-aarch64 on raspi3b). Waits are bounded (a lost
 * interrupt fails the test instead of hanging it) but nothing is timed. */
#include <stdatomic.h>
#include <rumpk/fiber.h>
#include <rumpk/irq.h>
#include <rumpk/smp.h>
#include <rumpk/test.h>
#include <rumpk/time.h>

int gic_test_free_spi(void);
void gic_test_raise(unsigned intid);

#define NOBODY 0xffffu
#define IPI_SGI 0 /* attached by arch/aarch64/smp.c */

static atomic_uint taken_on = NOBODY;

static void note_cpu(unsigned irq, void *arg)
{
	(void)irq;
	(void)arg;
	atomic_store(&taken_on, rk_cpu_id());
}

/* Raise intid and wait (bounded) for a CPU to take it: which one. */
static unsigned raise_and_see(unsigned intid)
{
	uint64_t end = rk_time_ns() + 5 * RK_NSEC_PER_SEC;

	atomic_store(&taken_on, NOBODY);
	gic_test_raise(intid);
	while (atomic_load(&taken_on) == NOBODY && rk_time_ns() < end)
		rk_sleep_ms(1);
	return atomic_load(&taken_on);
}

RK_TEST(gic_routes_an_spi_to_each_cpu)
{
	int free = gic_test_free_spi();

	if (free < 0)
		return; /* the image's other machine, without a GIC */
	unsigned intid = (unsigned)free;
	RK_EXPECT(intid != 0);
	if (!intid || rk_irq_attach(intid, note_cpu, 0)) {
		RK_EXPECT(!"a free SPI to attach");
		return;
	}
	for (unsigned cpu = RK_NR_CPUS; cpu-- > 0;) { /* the secondaries first */
		RK_EXPECT_EQ(rk_irq_set_cpu(intid, cpu), 0);
		RK_EXPECT_EQ(raise_and_see(intid), cpu);
	}
	rk_irq_detach(intid);
	RK_EXPECT_EQ(rk_irq_set_cpu(IPI_SGI, 1), -RK_ENODEV);
}
