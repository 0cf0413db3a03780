/* SPDX-License-Identifier: BSD-2-Clause */
/* Timer devices, the driver side: the one-shot deadline interrupt behind
 * the kernel's timers (the SBI timer or Sstc on riscv64, the Arm generic
 * timer, the x86 local APIC) registers here; users arm timers through
 * rumpk/time.h. The clock the deadlines are counted in is the CPU's
 * counter (arch_clock_ticks, rumpk/arch.h). */
#ifndef RUMPK_DRV_TIMER_H
#define RUMPK_DRV_TIMER_H

#include <stdint.h>
#include <rumpk/time.h>

struct rk_timer_dev {
	const char *name;
	/* Interrupt when arch_clock_ticks() reaches deadline (a deadline in
	 * the past fires at once); UINT64_MAX disarms. The interrupt ends in
	 * rk_timer_interrupt() with interrupts masked. */
	void (*set_deadline)(uint64_t deadline);
};

/* Make dev the kernel's timer (the last registration wins); before the
 * time level (RK_INIT_TIME), which starts the kernel clock on it. */
void rk_timer_dev_register(const struct rk_timer_dev *dev);
/* The registered timer, or NULL. */
const struct rk_timer_dev *rk_timer_dev(void);

#endif
