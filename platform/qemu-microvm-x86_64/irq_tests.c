/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image test of device interrupt delivery on microvm: the MC146818
 * RTC's periodic interrupt (ISA IRQ 8) through the I/O APIC, the local
 * APIC's EOI and a fiber woken from the handler. microvm has the RTC under
 * TCG (rtc=auto) but not under KVM; without it the test has nothing to do. */
#include <rumpk/irq.h>
#include <rumpk/sync.h>
#include <rumpk/test.h>
#include <rumpk/x86_irq.h>
#include <arch/pio.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_OFF 0x80
#define RTC_A 0x0a
#define RTC_B 0x0b
#define RTC_C 0x0c
#define RTC_A_1024HZ 0x26 /* 32.768 kHz divider, rate 6 */
#define RTC_B_PIE 0x40    /* periodic interrupt enable */
#define RTC_IRQ 8

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, CMOS_NMI_OFF | reg);
	return inb(CMOS_DATA);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	outb(CMOS_INDEX, CMOS_NMI_OFF | reg);
	outb(CMOS_DATA, v);
}

static struct rk_sem ticks;

static void rtc_interrupt(unsigned irq, void *arg)
{
	/* Reading C acknowledges: the RTC drops its line until the next period. */
	if (cmos_read(RTC_C) & RTC_B_PIE)
		rk_sem_post(&ticks);
}

RK_TEST(x86_rtc_irq_wakes_fiber)
{
	unsigned gsi = x86_isa_irq_to_gsi(RTC_IRQ);

	if (cmos_read(RTC_A) == 0xff)
		return; /* no RTC (microvm under KVM) */
	rk_sem_init(&ticks, 0);
	uint64_t before = rk_irq_count(gsi);
	RK_EXPECT_EQ(rk_irq_attach(gsi, rtc_interrupt, 0), 0);
	cmos_write(RTC_A, RTC_A_1024HZ);
	cmos_write(RTC_B, cmos_read(RTC_B) | RTC_B_PIE);
	cmos_read(RTC_C);
	for (int i = 0; i < 5; i++)
		RK_EXPECT_EQ(rk_sem_wait(&ticks, 100 * RK_NSEC_PER_MSEC), 0);
	cmos_write(RTC_B, cmos_read(RTC_B) & ~RTC_B_PIE);
	cmos_read(RTC_C);
	rk_irq_detach(gsi);
	RK_EXPECT(rk_irq_count(gsi) - before >= 5);
}
