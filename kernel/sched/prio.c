/* SPDX-License-Identifier: BSD-2-Clause */
/* Preemptive priority scheduling with round-robin time slices among equal
 * priorities. One FIFO per priority level and a bitmap of non-empty levels:
 * picking the next fiber is a count-trailing-zeros. A more urgent fiber that
 * becomes ready preempts at once (from fiber context) or when the interrupt
 * that woke it returns. A fiber that shares its level with ready peers gets
 * CONFIG_SCHED_TIMESLICE_MS, then goes to the back of its level. Each CPU
 * has its own levels, bitmap and slice timer. */
#include <rumpk/smp.h>
#include <rumpk/time.h>
#include "sched.h"

const char sched_policy_name[] = "preemptive priority";

#define LEVELS (RK_PRIO_IDLE + 1)
_Static_assert(LEVELS <= 32, "bitmap is one 32-bit word");

/* One set per CPU; the names below stand for this CPU's. */
struct levels {
	struct {
		struct rk_fiber *head, *tail;
	} level[LEVELS];
};
static RK_PERCPU(struct levels, levels_);
static RK_PERCPU(uint32_t, nonempty_);
static RK_PERCPU(struct rk_timer, slice_timer_);
static RK_PERCPU(bool, slice_expired_);
static RK_PERCPU(const struct rk_fiber *, running_);
#define level RK_THIS(levels_).level
#define nonempty RK_THIS(nonempty_)
#define slice_timer RK_THIS(slice_timer_)
#define slice_expired RK_THIS(slice_expired_)
#define running RK_THIS(running_)

static void slice_end(struct rk_timer *t, void *arg)
{
	slice_expired = true; /* rk_irq_exit will ask sched_wants_preempt */
}

static void start_slice(uint64_t now)
{
	if (!slice_timer.fn)
		rk_timer_init(&slice_timer, slice_end, 0);
	rk_timer_arm(&slice_timer, now + CONFIG_SCHED_TIMESLICE_MS * RK_NSEC_PER_MSEC);
}

void sched_ready(struct rk_fiber *f)
{
	int p = f->prio;

	f->next = 0;
	if (level[p].tail)
		level[p].tail->next = f;
	else
		level[p].head = f;
	level[p].tail = f;
	nonempty |= 1u << p;
	/* A peer of the running fiber arrived: the running one now needs a slice. */
	if (running && running->prio == p && !slice_timer.armed && !slice_expired)
		start_slice(rk_time_ns());
}

struct rk_fiber *sched_next(void)
{
	if (!nonempty)
		return 0;
	int p = __builtin_ctz(nonempty);
	struct rk_fiber *f = level[p].head;

	level[p].head = f->next;
	if (!level[p].head) {
		level[p].tail = 0;
		nonempty &= ~(1u << p);
	}
	f->next = 0;
	return f;
}

bool sched_wants_preempt(const struct rk_fiber *cur)
{
	if (!nonempty)
		return false;
	int best = __builtin_ctz(nonempty);
	if (best < cur->prio)
		return true;
	return slice_expired && best == cur->prio;
}

void sched_switched_in(struct rk_fiber *cur, uint64_t now)
{
	running = cur;
	slice_expired = false;
	/* Only a fiber with ready peers of its own level needs a slice. */
	if (cur->prio != RK_PRIO_IDLE && (nonempty & (1u << cur->prio)))
		start_slice(now);
	else if (slice_timer.armed)
		rk_timer_cancel(&slice_timer);
}
