/* SPDX-License-Identifier: BSD-2-Clause */
/* Cross-CPU messages and CPU start-up (include/rumpk/smp.h, docs/smp.md).
 *
 * Each CPU owns one multi-producer ring of function calls: any CPU (and
 * any interrupt handler) claims a slot, fills it and publishes it, then
 * interrupts the owner, whose IPI handler pops and runs the calls one at a
 * time. One at a time, released before it runs, because a call may itself
 * send (rk_smp_call then runs this CPU's own queue while it waits for
 * room, and must not see a call twice). */
#include <stdatomic.h>
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/init.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/ring.h>
#include <rumpk/smp.h>
#include <rumpk/spinlock.h>
#include <rumpk/sync.h>
#include <rumpk/time.h>

#define RING_SLOTS 64 /* per CPU; a full ring makes senders wait, not fail */
#define STOP_WAIT_NS (500 * RK_NSEC_PER_MSEC)
#define ONLINE_WAIT_MS 2000

struct smp_msg {
	void (*fn)(void *);
	void *arg;
};

static struct smp_msg slots[RK_NR_CPUS][RING_SLOTS];
static rk_ring_flag_t published[RK_NR_CPUS][RING_SLOTS];
static struct rk_ring ring[RK_NR_CPUS];
static struct rk_ring_consumer rx[RK_NR_CPUS];
static atomic_uint online_mask = 1; /* the boot CPU */
static atomic_uint nstopped;
unsigned rk_smp_panic_cpu;
/* The context the IPI being handled interrupted, for stop_here's dump. */
static const struct rk_trap_frame *ipi_frame[RK_NR_CPUS];

unsigned rk_cpus_online(void)
{
	unsigned n = 0;

	/* Not __builtin_popcount: riscv64 has no instruction for it and the
	 * kernel links no libgcc helper for it. */
	for (unsigned m = atomic_load(&online_mask); m; m &= m - 1)
		n++;
	return n;
}

bool rk_cpu_online(unsigned cpu)
{
	return cpu < RK_NR_CPUS && (atomic_load(&online_mask) & 1u << cpu);
}

/* Pop and run this CPU's calls. Interrupts masked. */
static void run_calls(void)
{
	struct smp_msg m;

	while (rk_ring_try_pop(&rx[rk_cpu_id()], &m, sizeof(m)))
		m.fn(m.arg);
}

void rk_smp_ipi(const struct rk_trap_frame *f)
{
	ipi_frame[rk_cpu_id()] = f;
	run_calls();
	ipi_frame[rk_cpu_id()] = 0;
}

/* Queue fn(arg) for cpu and interrupt it. wait: while the ring is full,
 * run our own calls and try again; else give up (the panic path, whose
 * targets may be wedged). */
static int send(unsigned cpu, void (*fn)(void *), void *arg, bool wait)
{
	uint64_t seq;

	while (!rk_ring_try_claim(&ring[cpu], 1, &seq)) {
		if (!wait)
			return -RK_EAGAIN;
		run_calls();
		arch_send_ipi(cpu);
	}
	struct smp_msg *m = rk_ring_slot(&ring[cpu], seq);
	m->fn = fn;
	m->arg = arg;
	rk_ring_publish(&ring[cpu], seq, 1);
	arch_send_ipi(cpu);
	return 0;
}

int rk_smp_call(unsigned cpu, void (*fn)(void *), void *arg)
{
	if (!rk_cpu_online(cpu))
		return -RK_EINVAL;
	unsigned long flags = arch_irq_save();
	if (cpu == rk_cpu_id())
		fn(arg);
	else
		send(cpu, fn, arg, true);
	arch_irq_restore(flags);
	return 0;
}

struct call_wait {
	void (*fn)(void *);
	void *arg;
	struct rk_sem done;
};

static void run_and_post(void *arg)
{
	struct call_wait *w = arg;

	w->fn(w->arg);
	rk_sem_post(&w->done);
}

int rk_smp_call_wait(unsigned cpu, void (*fn)(void *), void *arg)
{
	struct call_wait w = { .fn = fn, .arg = arg };

	rk_sem_init(&w.done, 0);
	int err = rk_smp_call(cpu, run_and_post, &w);
	if (err)
		return err;
	rk_sem_wait(&w.done, 0);
	return 0;
}

/* --- Panic: stop the others ------------------------------------------------ */

/* A dump is many printk calls (a register line is several): the stopping
 * CPUs take turns, so one CPU's dump never has another's lines inside. */
static rk_spinlock_t stop_lock = RK_SPINLOCK_INIT;

static void stop_here(void *arg)
{
	unsigned cpu = rk_cpu_id();

	rk_spin_lock(&stop_lock);
	printk("smp: cpu %u (hart %lu) stopped in fiber '%s'\n", cpu, arch_cpu_hwid(cpu),
	       rk_fiber_self()->name);
	if (ipi_frame[cpu])
		arch_dump_frame(ipi_frame[cpu]);
	rk_spin_unlock(&stop_lock);
	atomic_fetch_add(&nstopped, 1);
	arch_halt();
}

void rk_smp_stop_others(void)
{
	unsigned self = rk_cpu_id(), sent = 0;

	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++)
		if (cpu != self && rk_cpu_online(cpu) && send(cpu, stop_here, 0, false) == 0)
			sent++;
	/* Bounded: a CPU spinning with interrupts masked never answers. */
	uint64_t end = rk_time_ns() + STOP_WAIT_NS;
	while (atomic_load(&nstopped) < sent && rk_time_ns() < end)
		;
	if (atomic_load(&nstopped) < sent)
		printk("smp: %u of %u CPUs did not stop\n", sent - atomic_load(&nstopped), sent);
}

/* --- Start-up ---------------------------------------------------------------- */

void rk_smp_cpu_up(unsigned cpu, uintptr_t stack_low, uintptr_t stack_high)
{
	printk("smp: cpu %u (hart %lu) online\n", cpu, arch_cpu_hwid(cpu));
	atomic_fetch_or(&online_mask, 1u << cpu);
	rk_sched_cpu_start(stack_low, stack_high);
}

uintptr_t rk_smp_idle_stack(uintptr_t *low)
{
	size_t pages = CONFIG_KERNEL_STACK_SIZE / RK_PAGE_SIZE + 1;
	char *mem = rk_page_alloc(pages);

	if (!mem)
		return 0;
	if (arch_guard_page((uintptr_t)mem) < 0) {
		rk_page_free(mem, pages);
		return 0;
	}
	*low = (uintptr_t)mem + RK_PAGE_SIZE;
	return (uintptr_t)mem + pages * RK_PAGE_SIZE;
}

/* The late level, in the main fiber on the boot CPU: the rings, then the
 * secondaries; main() starts once they all run their schedulers. */
static int smp_init(const struct rk_bootinfo *bi)
{
	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++) {
		rk_ring_init(&ring[cpu], &(struct rk_ring_config){ slots[cpu], sizeof(slots[cpu][0]),
								   RING_SLOTS, published[cpu] });
		rk_ring_consumer_attach(&rx[cpu], &ring[cpu]);
	}
	unsigned started = arch_smp_start(bi);
	for (unsigned ms = 0; rk_cpus_online() < started + 1 && ms < ONLINE_WAIT_MS; ms++)
		rk_sleep_ms(1);
	if (rk_cpus_online() < started + 1)
		printk("smp: %u of %u started CPUs did not come online\n",
		       started + 1 - rk_cpus_online(), started);
	printk("smp: %u CPUs online\n", rk_cpus_online());
	return 0;
}
RK_INIT(smp_init, RK_INIT_LATE);
