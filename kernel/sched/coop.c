/* SPDX-License-Identifier: BSD-2-Clause */
/* Cooperative round-robin (LWKT-like): a fiber runs until it blocks, yields
 * or exits; ready fibers wait in one FIFO. Interrupts never preempt, they
 * only make fibers ready. Priorities are ignored. Each CPU has its own FIFO. */
#include <rumpk/smp.h>
#include "sched.h"

const char sched_policy_name[] = "cooperative round-robin";

/* One FIFO per CPU; the names stand for this CPU's. */
static RK_PERCPU(struct rk_fiber *, head_);
static RK_PERCPU(struct rk_fiber *, tail_);
#define head RK_THIS(head_)
#define tail RK_THIS(tail_)

void sched_ready(struct rk_fiber *f)
{
	f->next = 0;
	if (tail)
		tail->next = f;
	else
		head = f;
	tail = f;
}

struct rk_fiber *sched_next(void)
{
	struct rk_fiber *f = head;

	if (f) {
		head = f->next;
		if (!head)
			tail = 0;
		f->next = 0;
	}
	return f;
}

bool sched_wants_preempt(const struct rk_fiber *cur)
{
	return false;
}

void sched_switched_in(struct rk_fiber *cur, uint64_t now)
{
}
