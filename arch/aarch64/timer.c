/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel clock and one-shot deadline on the Arm generic timer.
 *
 * The clock is the virtual count CNTVCT_EL0 (equal to the physical count:
 * entry.S zeroes CNTVOFF_EL2 when it owns EL2), the deadline the EL1
 * virtual timer: CNTV_CVAL_EL0 holds the compare value and the timer
 * asserts its level-triggered PPI while CNTVCT >= CVAL and it is enabled
 * and unmasked in CNTV_CTL_EL0. Writing a later CVAL or disabling it
 * drops the line again, so the handler needs no other acknowledgement
 * than what rk_timer_interrupt's re-arming does. */
#include <rumpk/arch.h>
#include <rumpk/drv/timer.h>
#include <rumpk/irq.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/time.h>
#include <arch/sysreg.h>
#include <arch/timer.h>

#define CNTV_CTL_ENABLE 1u

static uint64_t timer_hz;
/* CNTV_CVAL_EL0 while the timer is enabled, UINT64_MAX while disabled:
 * each CPU has its own timer (its PPI is banked per CPU at the GIC). */
static RK_PERCPU(uint64_t, programmed_) RK_PERCPU_INIT(UINT64_MAX);
#define programmed RK_THIS(programmed_)

uint64_t arch_clock_ticks(void)
{
	isb(); /* counter reads may otherwise be taken early, out of order */
	return read_sysreg(cntvct_el0);
}

uint64_t arch_clock_hz(void)
{
	return timer_hz;
}

static void set_deadline(uint64_t deadline)
{
	/* A deadline later than the one pending (disarming included) waits
	 * for the pending one: it fires, rk_timer_interrupt finds nothing due
	 * and programs the real head (or disables the timer) then. The
	 * priority scheduler pushes its time slice back or cancels it on
	 * almost every switch, and under QEMU each timer register write costs
	 * a host timer update, often a system call; at most one early
	 * interrupt per pending deadline is far cheaper. Never late. */
	if (deadline >= programmed && (programmed == UINT64_MAX || programmed > arch_clock_ticks()))
		return;
	if (deadline == UINT64_MAX) {
		write_sysreg(cntv_ctl_el0, 0);
	} else {
		/* A deadline already past makes the condition true at once. */
		write_sysreg(cntv_cval_el0, deadline);
		if (programmed == UINT64_MAX)
			write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	}
	programmed = deadline;
	/* Let the new state reach the timer's output before the handler
	 * completes the interrupt at the GIC, or a line still high from the
	 * old deadline would be taken again, for nothing. */
	isb();
}

static const struct rk_timer_dev generic_timer = { "arm,armv8-timer", set_deadline };

static void timer_irq(unsigned irq, void *arg)
{
	rk_timer_interrupt();
}

#ifdef CONFIG_SMP
void aarch64_timer_init_cpu(void)
{
	write_sysreg(cntv_ctl_el0, 0); /* its reset value is UNKNOWN */
	isb();
}
#endif

int aarch64_timer_init(unsigned intid, uint64_t dtb_hz)
{
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	/* The binding's clock-frequency exists for firmware that programs
	 * CNTFRQ_EL0 wrongly, so it wins when present (as in Linux). */
	timer_hz = dtb_hz ? dtb_hz : read_sysreg(cntfrq_el0) & 0xffffffff; /* 63:32 RES0 */
	if (!timer_hz) {
		printk("timer: CNTFRQ_EL0 is 0 and the DTB gives no clock-frequency\n");
		return -1;
	}
	if (rk_irq_attach(intid, timer_irq, 0)) {
		printk("timer: cannot attach interrupt %u\n", intid);
		return -1;
	}
	rk_timer_dev_register(&generic_timer);
	return 0;
}
