/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel clock and one-shot timers.
 *
 * The clock converts arch ticks to nanoseconds with a 32.32 fixed-point
 * multiplier (one 64x64->128 multiply, no division on the hot path).
 * Timers sit in one list sorted by deadline; only its head is programmed
 * into the hardware, so arming and firing are O(n) in armed timers, which
 * stays small in a unikernel (sleepers + a time slice). */
#include <rumpk/arch.h>
#include <rumpk/drv/timer.h>
#include <rumpk/init.h>
#include <rumpk/panic.h>
#include <rumpk/smp.h>
#include <rumpk/time.h>

/* The clock is base_ns at arch tick base_ticks and runs at the arch
 * clock's rate from there: the boot tick and 0, until the rate is
 * refined (rk_time_clock_rate_changed). */
static uint64_t base_ticks, base_ns;
static uint64_t ns_per_tick_fp;  /* ns per tick, 32.32 fixed point */
static uint64_t ticks_per_ns_fp; /* ticks per ns, 32.32 fixed point */
/* Bumped by every change of the three above, which happens in interrupt
 * context: a reader that was interrupted by one reads again. With SMP it
 * is odd during the change, for readers on other CPUs (a seqlock). */
static volatile unsigned clock_seq;
/* Each CPU has its own timers and its own timer interrupt: a timer fires
 * on the CPU that armed it, which is also the one that cancels it (the
 * fiber's, for sleeps and timeouts). The names below stand for this CPU's. */
static RK_PERCPU(struct rk_timer *, timers_); /* armed, sorted by deadline */
#define timers RK_THIS(timers_)
/* Deadline the hardware holds now (UINT64_MAX: none). Programming the timer
 * is costly (an SBI call, or a host timer update under QEMU), so a later
 * deadline is never written while an earlier one is pending: the earlier
 * interrupt finds nothing due and programs the real head then. Time slices
 * that restart on every switch thus cost one write per slice, not per
 * switch. */
static RK_PERCPU(uint64_t, programmed_ns_) RK_PERCPU_INIT(UINT64_MAX);
#define programmed_ns RK_THIS(programmed_ns_)
static const struct rk_timer_dev *timer_dev; /* the registry's, at the time level */

static uint64_t mul_fp(uint64_t a, uint64_t fp)
{
	return (uint64_t)(((unsigned __int128)a * fp) >> 32);
}

static void set_rate(void)
{
	uint64_t hz = arch_clock_hz();

	if (hz == 0)
		rk_panic("time: the arch clock reports 0 Hz");
	/* 64-bit divisions only (no libgcc/compiler-rt helper needed):
	 * 1e9 << 32 fits in 64 bits, and hz is split so that its shifted
	 * remainder does too. */
	ns_per_tick_fp = (RK_NSEC_PER_SEC << 32) / hz;
	ticks_per_ns_fp = ((hz / RK_NSEC_PER_SEC) << 32) +
			  ((hz % RK_NSEC_PER_SEC) << 32) / RK_NSEC_PER_SEC;
}

/* The time level: after the platform started the timer hardware. */
static int time_init(const struct rk_bootinfo *bi)
{
	timer_dev = rk_timer_dev();
	if (!timer_dev)
		rk_panic("time: no timer device registered (rumpk/drv/timer.h)");
	set_rate();
	base_ticks = arch_clock_ticks();
	return 0;
}
RK_INIT(time_init, RK_INIT_TIME);

uint64_t rk_time_ns(void)
{
	unsigned seq;
	uint64_t ns;

	do {
		seq = clock_seq;
#ifdef CONFIG_SMP
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
#endif
		ns = base_ns + mul_fp(arch_clock_ticks() - base_ticks, ns_per_tick_fp);
#ifdef CONFIG_SMP
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (seq != clock_seq || (seq & 1));
#else
	} while (seq != clock_seq);
#endif
	return ns;
}

static uint64_t ns_to_deadline_ticks(uint64_t ns)
{
	/* Deadlines before the last rate change are due now. */
	return base_ticks + (ns > base_ns ? mul_fp(ns - base_ns, ticks_per_ns_fp) : 0);
}

static void program(uint64_t ns)
{
	programmed_ns = ns;
	timer_dev->set_deadline(ns == UINT64_MAX ? UINT64_MAX : ns_to_deadline_ticks(ns));
}

/* The deadline held by this CPU's hardware was converted at the old rate. */
static void reprogram(void *unused)
{
	if (programmed_ns != UINT64_MAX)
		program(programmed_ns);
}

void rk_time_clock_rate_changed(void)
{
	unsigned long flags = arch_irq_save();
	uint64_t ticks = arch_clock_ticks();

#ifdef CONFIG_SMP
	/* Odd while the three change: readers on other CPUs wait it out. */
	clock_seq++;
	__atomic_thread_fence(__ATOMIC_RELEASE);
#endif
	/* The clock goes on from where it is, at the new rate: continuous
	 * (one tick read for both ends), so monotonic. */
	base_ns += mul_fp(ticks - base_ticks, ns_per_tick_fp);
	base_ticks = ticks;
	set_rate();
#ifdef CONFIG_SMP
	__atomic_thread_fence(__ATOMIC_RELEASE);
#endif
	clock_seq++;
	reprogram(0);
#ifdef CONFIG_SMP
	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++)
		if (cpu != rk_cpu_id())
			rk_smp_call(cpu, reprogram, 0); /* -RK_EINVAL if offline: nothing to do */
#endif
	arch_irq_restore(flags);
}

/* The head changed outside the interrupt: write it only if it is earlier. */
static void program_head(void)
{
	uint64_t want = timers ? timers->deadline_ns : UINT64_MAX;

	if (want < programmed_ns)
		program(want);
}

void rk_timer_init(struct rk_timer *t, void (*fn)(struct rk_timer *, void *), void *arg)
{
	t->fn = fn;
	t->arg = arg;
	t->next = 0;
	t->armed = false;
	t->deadline_ns = 0;
}

static bool unlink_timer(struct rk_timer *t)
{
	for (struct rk_timer **p = &timers; *p; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			t->armed = false;
			return true;
		}
	}
	return false;
}

void rk_timer_arm(struct rk_timer *t, uint64_t deadline_ns)
{
	unsigned long flags = arch_irq_save();

	if (t->armed)
		unlink_timer(t);
	t->deadline_ns = deadline_ns;
	struct rk_timer **p = &timers;
	while (*p && (*p)->deadline_ns <= deadline_ns)
		p = &(*p)->next;
	t->next = *p;
	*p = t;
	t->armed = true;
	if (timers == t)
		program_head();
	arch_irq_restore(flags);
}

bool rk_timer_cancel(struct rk_timer *t)
{
	unsigned long flags = arch_irq_save();
	bool was_head = timers == t;
	bool was_armed = t->armed && unlink_timer(t);

	if (was_head)
		program_head();
	arch_irq_restore(flags);
	return was_armed;
}

void rk_timer_interrupt(void)
{
	uint64_t now = rk_time_ns();

	while (timers && timers->deadline_ns <= now) {
		struct rk_timer *t = timers;
		timers = t->next;
		t->armed = false;
		t->fn(t, t->arg);
		now = rk_time_ns();
	}
	/* Always rewrite here: it acknowledges the interrupt on riscv64 and
	 * x86, and the deadline that fired is gone. */
	program(timers ? timers->deadline_ns : UINT64_MAX);
}
