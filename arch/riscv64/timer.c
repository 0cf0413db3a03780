/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 clock and one-shot timer.
 *
 * Clock: the time CSR (rdtime), which counts at the platform's timebase
 * frequency (10 MHz on QEMU virt), handed over by the platform (its RK_INIT_PLATFORM function) from the
 * DTB. Deadlines: the SBI TIME extension's set_timer, the portable way; or,
 * when the firmware lets S-mode write Sstc's stimecmp (OpenSBI sets
 * menvcfg.STCE on harts that have Sstc), that CSR directly, which saves a
 * round trip through M-mode on every re-arm. Either way the supervisor
 * timer interrupt (scause 5) stays pending until a later deadline is set,
 * so setting the next deadline is also the acknowledgement. */
#include <stdbool.h>
#include <rumpk/arch.h>
#include <rumpk/drv/timer.h>
#include <rumpk/printk.h>
#include <arch/csr.h>
#include <arch/sbi.h>
#include <arch/timer.h>

int riscv_probe_stimecmp(void); /* trap.S */

static uint64_t timebase_hz;
static bool use_sstc;

static void set_deadline(uint64_t deadline)
{
	if (use_sstc)
		csr_write(0x14d, deadline); /* CSR_STIMECMP */
	else
		sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, deadline, 0, 0);
}

static const struct rk_timer_dev sbi_timer = { "sbi-timer", set_deadline };
static const struct rk_timer_dev sstc_timer = { "sstc", set_deadline };

void riscv_timer_init(uint64_t hz)
{
	timebase_hz = hz;
#ifdef CONFIG_RISCV_SSTC
	use_sstc = riscv_probe_stimecmp();
#endif
	set_deadline(UINT64_MAX);
	rk_timer_dev_register(use_sstc ? &sstc_timer : &sbi_timer);
	csr_set(sie, SIE_STIE);
	printk("riscv: timer %llu Hz, deadlines via %s\n", (unsigned long long)hz,
	       use_sstc ? "Sstc stimecmp" : "SBI set_timer");
}

uint64_t arch_clock_ticks(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

uint64_t arch_clock_hz(void)
{
	return timebase_hz;
}
