/* SPDX-License-Identifier: BSD-2-Clause */
/* The Arm generic timer as the kernel clock (arch/aarch64/timer.c). */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include <stdint.h>

/* Take over the virtual timer: frequency dtb_hz (the timer node's
 * clock-frequency, an override for broken firmware), or if 0 CNTFRQ_EL0;
 * its interrupt is attached to GIC INTID intid, so the irqchip must be
 * registered first. 0, or -1 on failure (reported). */
int aarch64_timer_init(unsigned intid, uint64_t dtb_hz);

#ifdef CONFIG_SMP
/* A secondary CPU: its timer disabled until its first deadline. */
void aarch64_timer_init_cpu(void);
#endif

#endif
