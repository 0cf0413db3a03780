/* SPDX-License-Identifier: BSD-2-Clause */
/* What ties kernel/mem to the running image, kept out of the portable
 * files: the image bounds from the linker script, and the lock. */
#include <rumpk/arch.h>
#include <rumpk/init.h>
#include <rumpk/spinlock.h>
#include "mem_internal.h"

/* Every arch's link.ld.S defines these around text, data, bss and stack. */
extern char __image_start[], __image_end[];

/* The memory level, after the platform reported RAM (include/rumpk/mem.h). */
static int rk_mem_init(const struct rk_bootinfo *bi)
{
	mem_setup((uintptr_t)__image_start, (uintptr_t)__image_end);
	return 0;
}
RK_INIT(rk_mem_init, RK_INIT_MEM);

/* Masking interrupts keeps both interrupt handlers and a preempting fiber
 * (SCHED_PRIO switches only from interrupts) out of the allocator; with
 * SMP a spinlock keeps the other CPUs out too (without, it is only the
 * masking). The sections it guards are short and never block. */
static rk_spinlock_t lock = RK_SPINLOCK_INIT;

unsigned long mem_lock(void)
{
	return rk_spin_lock_irqsave(&lock);
}

void mem_unlock(unsigned long flags)
{
	rk_spin_unlock_irqrestore(&lock, flags);
}
