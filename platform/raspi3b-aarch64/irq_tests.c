/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image test of the Pi's cascaded interrupt path: the BCM2835 system
 * timer's compare channel 1 (free for the ARM: the VideoCore uses 0 and 2)
 * raises GPU interrupt 1, which the ARM controller (bank 1, source 1)
 * passes to the local controller's GPU input (source 8), which raises the
 * core's IRQ; the handler clears the match and wakes a fiber. */
#include <rumpk/irq.h>
#include <rumpk/mmio.h>
#include <rumpk/sync.h>
#include <rumpk/test.h>

#define SYSTIMER 0x3f003000 /* bus address 0x7e003000 */
#define ST_CS 0x00          /* match flags, write 1 to clear */
#define ST_CLO 0x04         /* free-running 1 MHz counter, low word */
#define ST_C1 0x10          /* compare 1 */
#define ST_M1 (1u << 1)
/* drivers/irq/bcm2836_l1.h: the ARM controller cascaded on the local one
 * is numbered from 32, 32 per bank. */
#define ST_C1_IRQ (32 + 32 * 1 + 1)

static struct rk_sem matches;

static void systimer_interrupt(unsigned irq, void *arg)
{
	if (mmio_read32(SYSTIMER + ST_CS) & ST_M1) {
		mmio_write32(SYSTIMER + ST_CS, ST_M1); /* drops the line */
		rk_sem_post(&matches);
	}
}

RK_TEST(raspi3b_cascaded_irq_wakes_fiber)
{
	rk_sem_init(&matches, 0);
	uint64_t before = rk_irq_count(ST_C1_IRQ);
	RK_EXPECT_EQ(rk_irq_attach(ST_C1_IRQ, systimer_interrupt, 0), 0);
	for (int i = 0; i < 3; i++) {
		mmio_write32(SYSTIMER + ST_C1, mmio_read32(SYSTIMER + ST_CLO) + 2000); /* 2 ms */
		RK_EXPECT_EQ(rk_sem_wait(&matches, 200 * RK_NSEC_PER_MSEC), 0);
	}
	rk_irq_detach(ST_C1_IRQ);
	RK_EXPECT_EQ(rk_irq_count(ST_C1_IRQ) - before, 3);
}
