/* SPDX-License-Identifier: BSD-2-Clause */
/* SMP bookkeeping of a program address space that arch/<arch>/user.c
 * switches lazily (docs/smp.md, "What is SMP-safe"). A space is used by its
 * program's fiber only, on one CPU at a time, but stays active on a CPU
 * the fiber left (its home CPU during a visit to the network CPU, or the
 * CPU it exited on). So it remembers the one CPU whose TLB matches its
 * tables: a change of its tables made on another CPU forgets it, and
 * activating it anywhere else must reload the root (satp, CR3) with a
 * flush. Before its tables are freed it is evicted from every CPU that
 * activated it. Without SMP every helper is nothing (the struct is empty,
 * no CPU is ever stale), and an arch switches only when another space is
 * active, as before. */
#ifndef RUMPK_USPACE_CPUS_H
#define RUMPK_USPACE_CPUS_H

#include <stdbool.h>
#include <stdint.h>
#include <rumpk/smp.h>

#ifdef CONFIG_SMP
struct rk_uspace_cpus {
	unsigned tlb_cpu; /* RK_NR_CPUS: none known */
	uint32_t loaded;  /* CPUs that activated it (bit per CPU) */
};

static inline void rk_uspace_cpus_init(struct rk_uspace_cpus *c)
{
	c->tlb_cpu = RK_NR_CPUS;
	c->loaded = 0;
}

/* Interrupts masked: must this CPU reload the root, even when it is the
 * active one here? */
static inline bool rk_uspace_cpus_stale(const struct rk_uspace_cpus *c)
{
	return c->tlb_cpu != rk_cpu_id();
}

/* Interrupts masked: this CPU just loaded the root, with a flush. */
static inline void rk_uspace_cpus_loaded(struct rk_uspace_cpus *c)
{
	c->tlb_cpu = rk_cpu_id();
	c->loaded |= 1u << c->tlb_cpu;
}

/* The tables changed on this CPU (flushed here): no other CPU's TLB
 * matches them any more. */
static inline void rk_uspace_cpus_changed(struct rk_uspace_cpus *c)
{
	if (c->tlb_cpu != rk_cpu_id())
		c->tlb_cpu = RK_NR_CPUS;
}

/* Run evict(space) on every other CPU that activated the space, waiting
 * for each (a fiber only). */
static inline void rk_uspace_cpus_evict(const struct rk_uspace_cpus *c, void (*evict)(void *),
					void *space)
{
	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++)
		if (cpu != rk_cpu_id() && (c->loaded & 1u << cpu))
			rk_smp_call_wait(cpu, evict, space);
}
#else
struct rk_uspace_cpus {
};
static inline void rk_uspace_cpus_init(struct rk_uspace_cpus *c) { (void)c; }
static inline bool rk_uspace_cpus_stale(const struct rk_uspace_cpus *c) { (void)c; return false; }
static inline void rk_uspace_cpus_loaded(struct rk_uspace_cpus *c) { (void)c; }
static inline void rk_uspace_cpus_changed(struct rk_uspace_cpus *c) { (void)c; }
static inline void rk_uspace_cpus_evict(const struct rk_uspace_cpus *c, void (*evict)(void *),
					void *space)
{
	(void)c;
	(void)evict;
	(void)space;
}
#endif

#endif
