/* SPDX-License-Identifier: BSD-2-Clause */
/* Spinlocks for the few structures every CPU shares (page allocator and
 * heap, console, the list of fibers). Always taken with interrupts masked
 * on the local CPU, so that an interrupt handler on the same CPU cannot
 * spin on a lock its own CPU holds. Without CONFIG_SMP the lock is only
 * the masking, exactly what one CPU needed before.
 *
 * Never held across anything that blocks or switches fibers. */
#ifndef RUMPK_SPINLOCK_H
#define RUMPK_SPINLOCK_H

#include <rumpk/arch.h>

#ifdef CONFIG_SMP
#include <stdatomic.h>
typedef struct { atomic_int locked; } rk_spinlock_t;
#define RK_SPINLOCK_INIT { 0 }

static inline void rk_spin_lock(rk_spinlock_t *l)
{
	while (atomic_exchange_explicit(&l->locked, 1, memory_order_acquire))
		while (atomic_load_explicit(&l->locked, memory_order_relaxed))
			;
}

static inline void rk_spin_unlock(rk_spinlock_t *l)
{
	atomic_store_explicit(&l->locked, 0, memory_order_release);
}
#else
typedef struct { char unused; } rk_spinlock_t;
#define RK_SPINLOCK_INIT { 0 }
static inline void rk_spin_lock(rk_spinlock_t *l) { (void)l; }
static inline void rk_spin_unlock(rk_spinlock_t *l) { (void)l; }
#endif

static inline unsigned long rk_spin_lock_irqsave(rk_spinlock_t *l)
{
	unsigned long flags = arch_irq_save();

	rk_spin_lock(l);
	return flags;
}

static inline void rk_spin_unlock_irqrestore(rk_spinlock_t *l, unsigned long flags)
{
	rk_spin_unlock(l);
	arch_irq_restore(flags);
}

#endif
