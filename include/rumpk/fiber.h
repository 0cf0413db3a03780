/* SPDX-License-Identifier: BSD-2-Clause */
/* Fibers: kernel threads with their own stack, scheduled by the policy
 * chosen in Kconfig (cooperative round-robin or preemptive priority). */
#ifndef RUMPK_FIBER_H
#define RUMPK_FIBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arch/context.h>
#include <rumpk/compiler.h>
#include <rumpk/spinlock.h>
#include <rumpk/time.h>

/* Priorities: 0 is the most urgent; RK_PRIO_IDLE is the idle fiber's.
 * The cooperative policy ignores them. */
#define RK_PRIO_MAX 0
#define RK_PRIO_DEFAULT 16
#define RK_PRIO_MIN 30
#define RK_PRIO_IDLE 31

enum rk_fiber_state { RK_READY, RK_RUNNING, RK_BLOCKED, RK_DEAD };

struct rk_waitq {
	struct rk_fiber *head, *tail;
#ifdef CONFIG_SMP
	/* Guards the queue and the object it belongs to (kernel/sync.c) when
	 * fibers of several CPUs use it; see rk_waitq_wait_unlock. */
	rk_spinlock_t lock;
#endif
};

struct rk_fiber {
	struct arch_context ctx;
	char name[16];
	unsigned id;
	int prio;
	enum rk_fiber_state state;
	struct rk_fiber *next;      /* run queue or wait queue link */
	struct rk_waitq *waiting_on;/* wait queue it sleeps in, if any */
	int wake_status;            /* 0 woken, RK_ETIMEDOUT on timeout */
	uintptr_t stack_low, stack_high;
	void *stack_alloc;          /* page allocation holding guard + stack */
	size_t stack_pages;
	void (*fn)(void *);
	void *arg;
	struct rk_waitq joiners;
	struct rk_timer timeout;
	uint64_t slice_end_ns;
	uint64_t switches;          /* times switched in */
	uint64_t runtime_ns;
	uint64_t last_in_ns;
	struct rk_fiber *all_next;  /* list of every live fiber (ps) */
#ifdef CONFIG_SMP
	unsigned cpu;               /* the CPU it runs on, for its whole life */
	bool gone;                  /* exited and switched away for good */
	rk_spinlock_t *waiting_lock;/* the lock of waiting_on, if any */
#endif
};

struct rk_fiber_attr {
	size_t stack_size; /* 0: CONFIG_FIBER_STACK_SIZE */
	int prio;          /* RK_PRIO_DEFAULT when attr is NULL */
};

#define RK_ETIMEDOUT 110
#define RK_EAGAIN 11
#define RK_ENOMEM 12
#define RK_EINVAL 22
#define RK_EDEADLK 35
#define RK_EPERM 1
#define RK_EIO 5

/* Create a ready fiber running fn(arg); NULL when out of memory. */
struct rk_fiber *rk_fiber_create(const char *name, void (*fn)(void *), void *arg,
				 const struct rk_fiber_attr *attr);
/* Placement: rk_fiber_create puts the fiber on the creator's CPU (where
 * it stays, LWKT-style); rk_fiber_create_on on the CPU given (NULL if that
 * CPU is not online). Without SMP the only CPU is 0. */
#ifdef CONFIG_SMP
struct rk_fiber *rk_fiber_create_on(unsigned cpu, const char *name, void (*fn)(void *),
				    void *arg, const struct rk_fiber_attr *attr);
#else
static inline struct rk_fiber *rk_fiber_create_on(unsigned cpu, const char *name,
						  void (*fn)(void *), void *arg,
						  const struct rk_fiber_attr *attr)
{
	return cpu == 0 ? rk_fiber_create(name, fn, arg, attr) : 0;
}
#endif
#ifdef CONFIG_SMP
/* Move the calling fiber to cpu, where it goes on running (its next
 * instruction is on cpu). 0, or -RK_EINVAL (cpu not online; the idle fiber;
 * an interrupt handler). A fiber moves only itself, so nothing it owns is
 * in use elsewhere: its wait queues, timers and joiners must not be shared
 * with fibers left behind (docs/smp.md). */
int rk_fiber_move(unsigned cpu);
#endif
/* Wait for f to finish, then free it. Returns 0, or -RK_EINVAL for self. */
int rk_fiber_join(struct rk_fiber *f);
rk_noreturn void rk_fiber_exit(void);
struct rk_fiber *rk_fiber_self(void);
void rk_yield(void);
void rk_sleep_ns(uint64_t ns);
static inline void rk_sleep_ms(uint64_t ms) { rk_sleep_ns(ms * RK_NSEC_PER_MSEC); }
/* Call fn for every live fiber (for ps-style listings). */
void rk_fiber_foreach(void (*fn)(const struct rk_fiber *f, void *arg), void *arg);

/* --- Wait queues (the building block of every blocking primitive) ------ */
#ifdef CONFIG_SMP
static inline void rk_waitq_init(struct rk_waitq *q)
{
	q->head = q->tail = 0;
	q->lock = (rk_spinlock_t)RK_SPINLOCK_INIT;
}
#else
static inline void rk_waitq_init(struct rk_waitq *q) { q->head = q->tail = 0; }
#endif
/* Block the caller on q; interrupts must be masked by the caller (flags from
 * arch_irq_save). timeout_ns is relative, 0 = forever. Returns 0 when woken
 * or -RK_ETIMEDOUT. Interrupts are masked again on return. */
int rk_waitq_wait_locked(struct rk_waitq *q, uint64_t timeout_ns);
#ifdef CONFIG_SMP
/* For a queue fibers of several CPUs wait in (kernel/sync.c): the caller
 * holds q->lock (rk_spin_lock_irqsave), which is dropped once the caller is
 * queued and taken again before the return. A waker on another CPU takes
 * the lock, and its wake-up reaches the sleeper's CPU as a call, which
 * that CPU runs only after it switched away: no wake-up is lost. */
int rk_waitq_wait_unlock(struct rk_waitq *q, uint64_t timeout_ns);
/* Wake the first / every waiter of q, whose lock the caller holds, without
 * switching fibers (the caller still holds a spinlock): call
 * rk_sched_preempt_point() after dropping it. */
int rk_waitq_wake_held(struct rk_waitq *q, bool all);
void rk_sched_preempt_point(void);
#endif
/* Wake the first / every waiter; safe from interrupt handlers. Returns the
 * number woken. */
int rk_waitq_wake_one(struct rk_waitq *q);
int rk_waitq_wake_all(struct rk_waitq *q);

/* --- Kernel-internal ----------------------------------------------------- */
/* Context switches since boot (this CPU's). */
uint64_t rk_sched_switches(void);
#ifdef CONFIG_SMP
/* A secondary CPU's first context, on [stack_low, stack_high), becomes its
 * idle fiber and runs its scheduler (kernel/smp). */
rk_noreturn void rk_sched_cpu_start(uintptr_t stack_low, uintptr_t stack_high);
#endif

#endif
