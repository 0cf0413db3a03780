/* SPDX-License-Identifier: BSD-2-Clause */
/* Fibers and the policy-independent half of scheduling: context switches,
 * blocking on wait queues, timeouts, sleeping, joining, idling and
 * preemption at interrupt exit. The policy (kernel/sched/) only orders the
 * ready fibers.
 *
 * Locking: a fiber, its run queue, its wait queues and its timers belong to
 * one CPU, so masking interrupts is the lock: every state change of a fiber
 * or queue happens with interrupts masked, on the fiber's CPU. With SMP
 * every CPU has its own copy of the state below (RK_PERCPU), a fiber made
 * on or for another CPU is handed over by a message (kernel/smp), and only
 * the list of all fibers and the guard-page tables are shared, under
 * spinlocks. */
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/irq.h>
#include <rumpk/kernel.h>
#include <rumpk/mem.h>
#include <rumpk/panic.h>
#include <rumpk/power.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/spinlock.h>
#include "sched/sched.h"

#define STACK_CANARY 0x5a17c0de5a17c0deull
#define CANARY_WORDS 4

extern char __boot_stack_top[];

static RK_PERCPU(struct rk_fiber, idle_fiber)
	RK_PERCPU_INIT({ .name = "idle", .prio = RK_PRIO_IDLE, .state = RK_RUNNING });
/* The boot CPU's until a secondary CPU sets its own (rk_sched_cpu_start). */
static RK_PERCPU(struct rk_fiber *, current) RK_PERCPU_INIT(&RK_ON(idle_fiber, 0));
/* Every CPU's fibers, and the next id: shared, under fibers_lock. */
static struct rk_fiber *all_fibers = &RK_ON(idle_fiber, 0);
static unsigned next_id = 1;
static rk_spinlock_t fibers_lock = RK_SPINLOCK_INIT;
static RK_PERCPU(int, irq_depth);
static RK_PERCPU(bool, need_resched);
static RK_PERCPU(uint64_t, nswitches);
#define idle_fiber RK_THIS(idle_fiber)
#define current RK_THIS(current)
#define irq_depth RK_THIS(irq_depth)
#define need_resched RK_THIS(need_resched)
#define nswitches RK_THIS(nswitches)
/* (The names above stand for this CPU's copy, so that the code reads as it
 * did with one CPU.) */
#ifdef CONFIG_SMP
/* The page tables that guard pages change are shared by every CPU. */
static rk_spinlock_t guard_lock = RK_SPINLOCK_INIT;

static int guarded(int (*op)(uintptr_t), uintptr_t page)
{
	unsigned long flags = rk_spin_lock_irqsave(&guard_lock);
	int err = op(page);

	rk_spin_unlock_irqrestore(&guard_lock, flags);
	/* The arch fenced this CPU only; another may still hold the old
	 * translation (and, where the stack's fiber runs elsewhere, miss the
	 * guard page). */
	if (err == 0)
		arch_smp_flush_page(page);
	return err;
}
#else
#define guarded(op, page) op(page)
#endif

#ifdef CONFIG_SMP
/* A fiber that exited on this CPU and whose stack is in use until the next
 * switch completes: finish_switch then marks it gone, which a joiner on
 * another CPU waits for before freeing the stack. */
static RK_PERCPU(struct rk_fiber *, dying);
/* A fiber moving to another CPU (rk_fiber_move): it is handed over only
 * once this CPU has switched away from its stack. */
static RK_PERCPU(struct rk_fiber *, leaving);

static void make_ready(struct rk_fiber *f);

static void finish_switch(void)
{
	struct rk_fiber *f = RK_THIS(dying), *m = RK_THIS(leaving);

	if (f) {
		RK_THIS(dying) = 0;
		__atomic_store_n(&f->gone, true, __ATOMIC_RELEASE);
	}
	if (m) {
		RK_THIS(leaving) = 0;
		make_ready(m); /* m->cpu is the new CPU: a call hands it over */
	}
}
#else
static inline void finish_switch(void) {}
#endif

struct rk_fiber *rk_fiber_self(void)
{
	return current;
}

uint64_t rk_sched_switches(void)
{
	return nswitches;
}

static void check_canary(const struct rk_fiber *f)
{
	if (!f->stack_alloc)
		return; /* the boot stack has no canary */
	const uint64_t *c = (const uint64_t *)f->stack_low;
	for (int i = 0; i < CANARY_WORDS; i++)
		if (c[i] != STACK_CANARY)
			rk_panic("stack overflow in fiber '%s' (stack 0x%lx-0x%lx, canary smashed)",
				 f->name, (unsigned long)f->stack_low, (unsigned long)f->stack_high);
}

/* Run next instead of current. Interrupts are masked. */
static void switch_to(struct rk_fiber *next)
{
	struct rk_fiber *prev = current;

	if (next == prev) {
		prev->state = RK_RUNNING;
		return;
	}
	check_canary(prev);
	uint64_t now = rk_time_ns();
	prev->runtime_ns += now - prev->last_in_ns;
	next->last_in_ns = now;
	next->state = RK_RUNNING;
	next->switches++;
	nswitches++;
	current = next;
	sched_switched_in(next, now);
	arch_set_stack_bounds(next->stack_low, next->stack_high);
	arch_context_switch(&prev->ctx, &next->ctx);
	finish_switch();
}

/* Give the CPU to the best ready fiber; the caller has already queued or
 * parked current. Interrupts are masked. */
static void schedule(void)
{
	struct rk_fiber *next = sched_next();

	need_resched = false;
	switch_to(next ? next : &idle_fiber);
}

#ifdef CONFIG_SMP
static void arrive(void *arg);
#endif

static void make_ready(struct rk_fiber *f)
{
#ifdef CONFIG_SMP
	/* Another CPU's fiber: only its CPU queues it. READY at once, so that
	 * a timeout there before the call arrives does not wake it twice. */
	if (f->cpu != rk_cpu_id()) {
		f->state = RK_READY;
		rk_smp_call(f->cpu, arrive, f);
		return;
	}
#endif
	f->state = RK_READY;
	if (f != &idle_fiber)
		sched_ready(f);
}

#ifdef CONFIG_SMP
/* A call from another CPU: f, one of ours, is ready. Whether it preempts
 * the running fiber is the policy's word, at rk_irq_exit, as for a fiber
 * a local interrupt made ready. */
static void arrive(void *arg)
{
	make_ready(arg);
}
#endif

/* After waking fibers from fiber context: let a more urgent one run now. */
static void preempt_point(void)
{
	if (irq_depth == 0 && current != &idle_fiber && sched_wants_preempt(current)) {
		make_ready(current);
		schedule();
	}
}

void rk_irq_enter(void)
{
	irq_depth++;
}

int rk_in_irq(void)
{
	return irq_depth > 0;
}

void rk_irq_exit(void)
{
	if (--irq_depth > 0)
		return;
	if (current == &idle_fiber)
		return; /* the idle loop picks up new work itself */
	if (need_resched || sched_wants_preempt(current)) {
		make_ready(current);
		schedule();
	}
}

#ifdef CONFIG_SMP
int rk_fiber_move(unsigned cpu)
{
	struct rk_fiber *self = current;

	if (!rk_cpu_online(cpu) || self == &idle_fiber || irq_depth)
		return -RK_EINVAL;
	if (cpu == rk_cpu_id())
		return 0;
	unsigned long flags = arch_irq_save();
	self->cpu = cpu;
	self->state = RK_BLOCKED; /* queued nowhere until finish_switch */
	RK_THIS(leaving) = self;
	schedule();
	/* Now on cpu (the interrupt flag restored is this fiber's own). */
	arch_irq_restore(flags);
	return 0;
}
#endif

void rk_yield(void)
{
	unsigned long flags = arch_irq_save();

	make_ready(current);
	schedule();
	arch_irq_restore(flags);
}

/* --- Wait queues --------------------------------------------------------- */

static void waitq_remove(struct rk_waitq *q, struct rk_fiber *f)
{
	struct rk_fiber *prev = 0;
	for (struct rk_fiber *it = q->head; it; prev = it, it = it->next) {
		if (it != f)
			continue;
		if (prev)
			prev->next = it->next;
		else
			q->head = it->next;
		if (q->tail == it)
			q->tail = prev;
		it->next = 0;
		return;
	}
}

static void wake(struct rk_fiber *f, int status)
{
	if (f->waiting_on) {
		waitq_remove(f->waiting_on, f);
		f->waiting_on = 0;
	}
	f->wake_status = status;
	make_ready(f);
}

static void timeout_fired(struct rk_timer *t, void *arg)
{
	struct rk_fiber *f = arg;
#ifdef CONFIG_SMP
	/* A waker on another CPU may be taking f off the same queue. */
	rk_spinlock_t *lock = f->waiting_lock;

	if (lock)
		rk_spin_lock(lock);
#endif
	if (f->state == RK_BLOCKED)
		wake(f, -RK_ETIMEDOUT);
#ifdef CONFIG_SMP
	if (lock)
		rk_spin_unlock(lock);
#endif
}

#ifdef CONFIG_SMP
static int wait_on(struct rk_waitq *q, uint64_t timeout_ns, rk_spinlock_t *lock);

int rk_waitq_wait_locked(struct rk_waitq *q, uint64_t timeout_ns)
{
	return wait_on(q, timeout_ns, 0);
}

int rk_waitq_wait_unlock(struct rk_waitq *q, uint64_t timeout_ns)
{
	return wait_on(q, timeout_ns, &q->lock);
}

static int wait_on(struct rk_waitq *q, uint64_t timeout_ns, rk_spinlock_t *lock)
#else
int rk_waitq_wait_locked(struct rk_waitq *q, uint64_t timeout_ns)
#endif
{
	struct rk_fiber *self = current;

	if (self == &idle_fiber || irq_depth)
		rk_panic("blocking wait from %s", irq_depth ? "an interrupt handler" : "the idle fiber");
	self->state = RK_BLOCKED;
	self->wake_status = 0;
	self->waiting_on = q;
	self->next = 0;
	if (q->tail)
		q->tail->next = self;
	else
		q->head = self;
	q->tail = self;
	if (timeout_ns)
		rk_timer_arm(&self->timeout, rk_time_ns() + timeout_ns);
#ifdef CONFIG_SMP
	self->waiting_lock = lock;
	if (lock)
		rk_spin_unlock(lock);
	schedule();
	if (lock)
		rk_spin_lock(lock);
	self->waiting_lock = 0;
#else
	schedule();
#endif
	if (timeout_ns)
		rk_timer_cancel(&self->timeout);
	return self->wake_status;
}

#ifdef CONFIG_SMP
int rk_waitq_wake_held(struct rk_waitq *q, bool all)
{
	int n = 0;

	while (q->head && (all || n == 0)) {
		wake(q->head, 0);
		n++;
	}
	return n;
}

void rk_sched_preempt_point(void)
{
	preempt_point();
}
#endif

int rk_waitq_wake_one(struct rk_waitq *q)
{
	unsigned long flags = arch_irq_save();
	int n = 0;

	if (q->head) {
		wake(q->head, 0);
		n = 1;
		preempt_point();
	}
	arch_irq_restore(flags);
	return n;
}

int rk_waitq_wake_all(struct rk_waitq *q)
{
	unsigned long flags = arch_irq_save();
	int n = 0;

	while (q->head) {
		wake(q->head, 0);
		n++;
	}
	if (n)
		preempt_point();
	arch_irq_restore(flags);
	return n;
}

void rk_sleep_ns(uint64_t ns)
{
	struct rk_waitq q;
	unsigned long flags = arch_irq_save();

	rk_waitq_init(&q);
	rk_waitq_wait_locked(&q, ns ? ns : 1);
	arch_irq_restore(flags);
}

/* --- Creation, exit, join ------------------------------------------------ */

static void fiber_entry(void *arg)
{
	struct rk_fiber *f = arg;

	/* A new fiber starts inside switch_to(), where interrupts are masked. */
	finish_switch();
	arch_irq_enable();
	f->fn(f->arg);
	rk_fiber_exit();
}

struct rk_fiber *rk_fiber_create(const char *name, void (*fn)(void *), void *arg,
				 const struct rk_fiber_attr *attr)
{
#ifdef CONFIG_SMP
	return rk_fiber_create_on(rk_cpu_id(), name, fn, arg, attr);
}

struct rk_fiber *rk_fiber_create_on(unsigned cpu, const char *name, void (*fn)(void *),
				    void *arg, const struct rk_fiber_attr *attr)
{
	if (!rk_cpu_online(cpu))
		return 0;
#endif
	size_t size = attr && attr->stack_size ? attr->stack_size : CONFIG_FIBER_STACK_SIZE;
	int prio = attr ? attr->prio : RK_PRIO_DEFAULT;

	if (prio < RK_PRIO_MAX || prio > RK_PRIO_MIN || !fn)
		return 0;
	struct rk_fiber *f = calloc(1, sizeof(*f));
	if (!f)
		return 0;
	/* One guard page below the stack: unmapped where the arch has an MMU,
	 * and in any case never used, so an overflow hits the canary first.
	 * A stack whose guard page could not be unmapped (no memory for a
	 * page table) is not used: the creation fails instead. */
	size_t pages = (size + RK_PAGE_SIZE - 1) / RK_PAGE_SIZE + 1;
	char *mem = rk_page_alloc(pages);
	if (mem && guarded(arch_guard_page, (uintptr_t)mem) < 0) {
		printk("fiber: no memory for the page table of the guard page of '%s': "
		       "not created\n", name ? name : "fiber");
		rk_page_free(mem, pages);
		mem = 0;
	}
	if (!mem) {
		free(f);
		return 0;
	}
	f->stack_alloc = mem;
	f->stack_pages = pages;
	f->stack_low = (uintptr_t)mem + RK_PAGE_SIZE;
	f->stack_high = (uintptr_t)mem + pages * RK_PAGE_SIZE;
	for (int i = 0; i < CANARY_WORDS; i++)
		((uint64_t *)f->stack_low)[i] = STACK_CANARY;
	size_t n = strnlen(name ? name : "fiber", sizeof(f->name) - 1);
	memcpy(f->name, name ? name : "fiber", n);
	f->prio = prio;
	f->fn = fn;
	f->arg = arg;
	rk_waitq_init(&f->joiners);
	rk_timer_init(&f->timeout, timeout_fired, f);
	arch_context_init(&f->ctx, f->stack_high, fiber_entry, f);

	unsigned long flags = rk_spin_lock_irqsave(&fibers_lock);
	f->id = next_id++;
	f->all_next = all_fibers;
	all_fibers = f;
	rk_spin_unlock(&fibers_lock);
#ifdef CONFIG_SMP
	f->cpu = cpu; /* make_ready hands it to that CPU */
#endif
	make_ready(f);
	preempt_point();
	arch_irq_restore(flags);
	return f;
}

void rk_fiber_exit(void)
{
	arch_irq_save();
	struct rk_fiber *self = current;
	if (self == &idle_fiber)
		rk_panic("the idle fiber cannot exit");
	self->state = RK_DEAD;
	while (self->joiners.head)
		wake(self->joiners.head, 0);
#ifdef CONFIG_SMP
	RK_THIS(dying) = self;
#endif
	schedule();
	rk_panic("dead fiber '%s' was scheduled", self->name);
}

int rk_fiber_join(struct rk_fiber *f)
{
	if (f == current || !f)
		return -RK_EINVAL;
#ifdef CONFIG_SMP
	/* A fiber of another CPU: its wait queues are that CPU's, so wait by
	 * polling until it is gone (it switched away for the last time). */
	if (f->cpu != rk_cpu_id())
		while (!__atomic_load_n(&f->gone, __ATOMIC_ACQUIRE))
			rk_sleep_ms(1);
#endif
	unsigned long flags = arch_irq_save();
	while (f->state != RK_DEAD)
		rk_waitq_wait_locked(&f->joiners, 0);
#ifdef CONFIG_SMP
	/* It may have moved after we queued, and exited elsewhere. */
	while (!__atomic_load_n(&f->gone, __ATOMIC_ACQUIRE))
		rk_sleep_ms(1);
#endif
	rk_spin_lock(&fibers_lock);
	for (struct rk_fiber **p = &all_fibers; *p; p = &(*p)->all_next) {
		if (*p == f) {
			*p = f->all_next;
			break;
		}
	}
	rk_spin_unlock(&fibers_lock);
	arch_irq_restore(flags);
	/* Its stack is no longer in use: it switched away for the last time. */
	guarded(arch_unguard_page, (uintptr_t)f->stack_alloc);
	rk_page_free(f->stack_alloc, f->stack_pages);
	free(f);
	return 0;
}

void rk_fiber_foreach(void (*fn)(const struct rk_fiber *f, void *arg), void *arg)
{
	unsigned long flags = rk_spin_lock_irqsave(&fibers_lock);
	for (struct rk_fiber *f = all_fibers; f; f = f->all_next)
		fn(f, arg);
	rk_spin_unlock_irqrestore(&fibers_lock, flags);
}

/* --- Boot ---------------------------------------------------------------- */

static int (*app_main)(int, char **);
static int app_argc;
static char **app_argv;

/* This CPU's first context becomes its idle fiber: run whatever is ready,
 * else sleep until an interrupt makes something ready. */
static rk_noreturn void idle_loop(void)
{
	arch_irq_save();
	for (;;) {
		struct rk_fiber *next = sched_next();
		if (next)
			switch_to(next);
		else
			arch_wait_for_interrupt();
	}
}

static void main_fiber(void *arg)
{
	int status = app_main(app_argc, app_argv);

	printk("rumpk: main() returned %d, powering off\n", status);
	rk_poweroff(status);
}

void rk_sched_start(int (*main_fn)(int, char **), int argc, char **argv)
{
	app_main = main_fn;
	app_argc = argc;
	app_argv = argv;
	idle_fiber.stack_high = (uintptr_t)__boot_stack_top;
	idle_fiber.stack_low = idle_fiber.stack_high - CONFIG_KERNEL_STACK_SIZE;
	idle_fiber.last_in_ns = rk_time_ns();
	arch_set_stack_bounds(idle_fiber.stack_low, idle_fiber.stack_high);

	struct rk_fiber_attr attr = { .stack_size = CONFIG_MAIN_STACK_SIZE, .prio = RK_PRIO_DEFAULT };
	if (!rk_fiber_create("main", main_fiber, 0, &attr))
		rk_panic("out of memory creating the main fiber");

	idle_loop();
}

#ifdef CONFIG_SMP
void rk_sched_cpu_start(uintptr_t stack_low, uintptr_t stack_high)
{
	unsigned long flags;

	idle_fiber.stack_low = stack_low;
	idle_fiber.stack_high = stack_high;
	idle_fiber.cpu = rk_cpu_id();
	idle_fiber.last_in_ns = rk_time_ns();
	current = &idle_fiber;
	arch_set_stack_bounds(stack_low, stack_high);
	flags = rk_spin_lock_irqsave(&fibers_lock);
	idle_fiber.id = next_id++;
	idle_fiber.all_next = all_fibers;
	all_fibers = &idle_fiber;
	rk_spin_unlock_irqrestore(&fibers_lock, flags);
	idle_loop();
}
#endif
