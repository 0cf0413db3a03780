/* SPDX-License-Identifier: BSD-2-Clause */
/* Mutex, counting semaphore and event flags on top of wait queues.
 * Every check-then-block runs with interrupts masked, so a wake-up from an
 * interrupt handler cannot slip between the check and the wait; with SMP
 * also under the spinlock of the object's wait queue, so that fibers of
 * every CPU may share the object (rk_waitq_wait_unlock, docs/smp.md). */
#include <rumpk/arch.h>
#include <rumpk/irq.h>
#include <rumpk/panic.h>
#include <rumpk/sync.h>

/* The object lock. Without SMP: the interrupt masking it always was. */
#ifdef CONFIG_SMP
#define obj_lock(q) rk_spin_lock_irqsave(&(q)->lock)
#define obj_wait(q, timeout_ns) rk_waitq_wait_unlock(q, timeout_ns)
#define obj_wake(q, all) rk_waitq_wake_held(q, all)

/* Drop the lock, then let a more urgent fiber this CPU woke run. */
static void obj_unlock(struct rk_waitq *q, unsigned long flags, int woken)
{
	rk_spin_unlock(&q->lock);
	if (woken)
		rk_sched_preempt_point();
	arch_irq_restore(flags);
}
#else
#define obj_lock(q) arch_irq_save()
#define obj_unlock(q, flags, woken) ((void)(woken), arch_irq_restore(flags))
#define obj_wait(q, timeout_ns) rk_waitq_wait_locked(q, timeout_ns)
#define obj_wake(q, all) ((all) ? rk_waitq_wake_all(q) : rk_waitq_wake_one(q))
#endif

/* --- Mutex (recursive, FIFO hand-off) ------------------------------------ */

void rk_mutex_init(struct rk_mutex *m)
{
	m->owner = 0;
	m->depth = 0;
	rk_waitq_init(&m->waiters);
}

void rk_mutex_lock(struct rk_mutex *m)
{
	struct rk_fiber *self = rk_fiber_self();
	unsigned long flags = obj_lock(&m->waiters);

	if (m->owner == self) {
		m->depth++;
	} else {
		/* Ownership is handed over by unlock, so one wake-up suffices. */
		while (m->owner)
			obj_wait(&m->waiters, 0);
		m->owner = self;
		m->depth = 1;
	}
	obj_unlock(&m->waiters, flags, 0);
}

int rk_mutex_trylock(struct rk_mutex *m)
{
	struct rk_fiber *self = rk_fiber_self();
	unsigned long flags = obj_lock(&m->waiters);
	int ret = 0;

	if (!m->owner) {
		m->owner = self;
		m->depth = 1;
	} else if (m->owner == self) {
		m->depth++;
	} else {
		ret = -RK_EAGAIN;
	}
	obj_unlock(&m->waiters, flags, 0);
	return ret;
}

int rk_mutex_unlock(struct rk_mutex *m)
{
	unsigned long flags = obj_lock(&m->waiters);

	if (m->owner != rk_fiber_self()) {
		obj_unlock(&m->waiters, flags, 0);
		return -RK_EPERM;
	}
	int woken = 0;
	if (--m->depth == 0) {
		m->owner = 0;
		woken = obj_wake(&m->waiters, false);
	}
	obj_unlock(&m->waiters, flags, woken);
	return 0;
}

/* --- Counting semaphore -------------------------------------------------- */

void rk_sem_init(struct rk_sem *s, unsigned count)
{
	s->count = count;
	rk_waitq_init(&s->waiters);
}

int rk_sem_wait(struct rk_sem *s, uint64_t timeout_ns)
{
	unsigned long flags = obj_lock(&s->waiters);
	uint64_t deadline = timeout_ns ? rk_time_ns() + timeout_ns : 0;
	int ret = 0;

	while (s->count == 0) {
		uint64_t left = 0;
		if (deadline) {
			uint64_t now = rk_time_ns();
			if (now >= deadline) {
				ret = -RK_ETIMEDOUT;
				break;
			}
			left = deadline - now;
		}
		if (obj_wait(&s->waiters, left) == -RK_ETIMEDOUT && s->count == 0) {
			ret = -RK_ETIMEDOUT;
			break;
		}
	}
	if (ret == 0)
		s->count--;
	obj_unlock(&s->waiters, flags, 0);
	return ret;
}

int rk_sem_trywait(struct rk_sem *s)
{
	unsigned long flags = obj_lock(&s->waiters);
	int ret = s->count ? (s->count--, 0) : -RK_EAGAIN;
	obj_unlock(&s->waiters, flags, 0);
	return ret;
}

void rk_sem_post(struct rk_sem *s)
{
	unsigned long flags = obj_lock(&s->waiters);
	s->count++;
	int woken = obj_wake(&s->waiters, false);
	obj_unlock(&s->waiters, flags, woken);
}

/* --- Event flags --------------------------------------------------------- */

void rk_event_init(struct rk_event *e)
{
	e->bits = 0;
	rk_waitq_init(&e->waiters);
}

void rk_event_set(struct rk_event *e, uint32_t bits)
{
	unsigned long flags = obj_lock(&e->waiters);
	e->bits |= bits;
	/* Waiters want different bits: wake all, each re-checks its own. */
	int woken = obj_wake(&e->waiters, true);
	obj_unlock(&e->waiters, flags, woken);
}

void rk_event_clear(struct rk_event *e, uint32_t bits)
{
	unsigned long flags = obj_lock(&e->waiters);
	e->bits &= ~bits;
	obj_unlock(&e->waiters, flags, 0);
}

static bool satisfied(uint32_t bits, uint32_t wanted, int mode)
{
	return (mode & RK_EVENT_ALL) ? (bits & wanted) == wanted : (bits & wanted) != 0;
}

int rk_event_wait(struct rk_event *e, uint32_t wanted, int mode, uint64_t timeout_ns,
		  uint32_t *got)
{
	unsigned long flags = obj_lock(&e->waiters);
	uint64_t deadline = timeout_ns ? rk_time_ns() + timeout_ns : 0;
	int ret = 0;

	while (!satisfied(e->bits, wanted, mode)) {
		uint64_t left = 0;
		if (deadline) {
			uint64_t now = rk_time_ns();
			if (now >= deadline) {
				ret = -RK_ETIMEDOUT;
				break;
			}
			left = deadline - now;
		}
		obj_wait(&e->waiters, left);
	}
	if (got)
		*got = e->bits & wanted;
	if (ret == 0 && (mode & RK_EVENT_CLEAR))
		e->bits &= ~wanted;
	obj_unlock(&e->waiters, flags, 0);
	return ret;
}
