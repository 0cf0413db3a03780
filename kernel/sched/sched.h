/* SPDX-License-Identifier: BSD-2-Clause */
/* What a scheduling policy provides to kernel/fiber.c. Exactly one policy
 * file is compiled in (Kconfig SCHED_COOP or SCHED_PRIO). Every function is
 * called with interrupts masked. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>
#include <rumpk/fiber.h>

/* f became runnable: queue it. */
void sched_ready(struct rk_fiber *f);
/* Remove and return the fiber to run next, or NULL (then idle runs). */
struct rk_fiber *sched_next(void);
/* Should cur give way now (a more urgent fiber is ready)? */
bool sched_wants_preempt(const struct rk_fiber *cur);
/* cur was just switched in at now: start its time slice if it has one. */
void sched_switched_in(struct rk_fiber *cur, uint64_t now);
/* Name of the policy for banners and stats. */
extern const char sched_policy_name[];

#endif
