/* SPDX-License-Identifier: BSD-2-Clause */
/* Mutex, counting semaphore and event flags on top of wait queues.
 * Every check-then-block runs with interrupts masked, so a wake-up from an
 * interrupt handler cannot slip between the check and the wait. */
#include <rumpk/arch.h>
#include <rumpk/irq.h>
#include <rumpk/panic.h>
#include <rumpk/sync.h>

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
	unsigned long flags = arch_irq_save();

	if (m->owner == self) {
		m->depth++;
	} else {
		/* Ownership is handed over by unlock, so one wake-up suffices. */
		while (m->owner)
			rk_waitq_wait_locked(&m->waiters, 0);
		m->owner = self;
		m->depth = 1;
	}
	arch_irq_restore(flags);
}

int rk_mutex_trylock(struct rk_mutex *m)
{
	struct rk_fiber *self = rk_fiber_self();
	unsigned long flags = arch_irq_save();
	int ret = 0;

	if (!m->owner) {
		m->owner = self;
		m->depth = 1;
	} else if (m->owner == self) {
		m->depth++;
	} else {
		ret = -RK_EAGAIN;
	}
	arch_irq_restore(flags);
	return ret;
}

int rk_mutex_unlock(struct rk_mutex *m)
{
	unsigned long flags = arch_irq_save();

	if (m->owner != rk_fiber_self()) {
		arch_irq_restore(flags);
		return -RK_EPERM;
	}
	if (--m->depth == 0) {
		m->owner = 0;
		rk_waitq_wake_one(&m->waiters);
	}
	arch_irq_restore(flags);
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
	unsigned long flags = arch_irq_save();
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
		if (rk_waitq_wait_locked(&s->waiters, left) == -RK_ETIMEDOUT && s->count == 0) {
			ret = -RK_ETIMEDOUT;
			break;
		}
	}
	if (ret == 0)
		s->count--;
	arch_irq_restore(flags);
	return ret;
}

int rk_sem_trywait(struct rk_sem *s)
{
	unsigned long flags = arch_irq_save();
	int ret = s->count ? (s->count--, 0) : -RK_EAGAIN;
	arch_irq_restore(flags);
	return ret;
}

void rk_sem_post(struct rk_sem *s)
{
	unsigned long flags = arch_irq_save();
	s->count++;
	rk_waitq_wake_one(&s->waiters);
	arch_irq_restore(flags);
}

/* --- Event flags --------------------------------------------------------- */

void rk_event_init(struct rk_event *e)
{
	e->bits = 0;
	rk_waitq_init(&e->waiters);
}

void rk_event_set(struct rk_event *e, uint32_t bits)
{
	unsigned long flags = arch_irq_save();
	e->bits |= bits;
	/* Waiters want different bits: wake all, each re-checks its own. */
	rk_waitq_wake_all(&e->waiters);
	arch_irq_restore(flags);
}

void rk_event_clear(struct rk_event *e, uint32_t bits)
{
	unsigned long flags = arch_irq_save();
	e->bits &= ~bits;
	arch_irq_restore(flags);
}

static bool satisfied(uint32_t bits, uint32_t wanted, int mode)
{
	return (mode & RK_EVENT_ALL) ? (bits & wanted) == wanted : (bits & wanted) != 0;
}

int rk_event_wait(struct rk_event *e, uint32_t wanted, int mode, uint64_t timeout_ns,
		  uint32_t *got)
{
	unsigned long flags = arch_irq_save();
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
		rk_waitq_wait_locked(&e->waiters, left);
	}
	if (got)
		*got = e->bits & wanted;
	if (ret == 0 && (mode & RK_EVENT_CLEAR))
		e->bits &= ~wanted;
	arch_irq_restore(flags);
	return ret;
}
