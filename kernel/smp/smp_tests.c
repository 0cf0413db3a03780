/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image SMP tests (CONFIG_SMP with KTEST): every CPU the QEMU run has
 * (-smp NR_CPUS) comes online, calls run on the CPU named, fibers created
 * on a CPU run there and are joined from another, and a bounded stress of
 * cross-CPU wake-ups, fiber creation and ring traffic with exact counts.
 * Waits are bounded (a lost message fails the test instead of hanging it)
 * but nothing is timed. */
#include <stdatomic.h>
#include <stdlib.h>
#include <rumpk/fiber.h>
#include <rumpk/smp.h>
#include <rumpk/sync.h>
#include <rumpk/test.h>

#define WAIT_NS (10ull * RK_NSEC_PER_SEC) /* for a lost message, not a deadline */
#define ROUNDS 300
#define BURST 100 /* calls per round and CPU: more than a ring holds */

RK_TEST(smp_all_cpus_online)
{
	RK_EXPECT_EQ(rk_cpus_online(), RK_NR_CPUS);
	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++)
		RK_EXPECT(rk_cpu_online(cpu));
	RK_EXPECT(!rk_cpu_online(RK_NR_CPUS));
	RK_EXPECT_EQ(rk_cpu_id(), 0); /* main() runs on the boot CPU */
}

/* --- rk_smp_call ---------------------------------------------------------- */

static atomic_uint ran_on[RK_NR_CPUS];
static atomic_uint calls_done;

static void record_cpu(void *arg)
{
	unsigned want = (unsigned)(uintptr_t)arg;

	atomic_fetch_add(&ran_on[want], rk_cpu_id() == want ? 1 : 1000);
	atomic_fetch_add(&calls_done, 1);
}

/* Poll until *counter reaches n (bounded); true if it did. */
static bool await(atomic_uint *counter, unsigned n)
{
	uint64_t end = rk_time_ns() + WAIT_NS;

	while (atomic_load(counter) < n && rk_time_ns() < end)
		rk_sleep_ms(1);
	return atomic_load(counter) >= n;
}

RK_TEST(smp_call_runs_on_target)
{
	atomic_store(&calls_done, 0);
	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++) {
		atomic_store(&ran_on[cpu], 0);
		RK_EXPECT_EQ(rk_smp_call(cpu, record_cpu, (void *)(uintptr_t)cpu), 0);
	}
	RK_EXPECT(await(&calls_done, RK_NR_CPUS));
	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++)
		RK_EXPECT_EQ(atomic_load(&ran_on[cpu]), 1);
	RK_EXPECT_EQ(rk_smp_call(RK_NR_CPUS, record_cpu, 0), -RK_EINVAL);
}

/* --- Fibers on a chosen CPU -------------------------------------------------- */

static void note_cpu(void *arg)
{
	*(unsigned *)arg = rk_cpu_id();
	rk_yield(); /* and still there after a switch */
	RK_EXPECT_EQ(rk_cpu_id(), *(unsigned *)arg);
}

RK_TEST(smp_fiber_create_on)
{
	unsigned where[RK_NR_CPUS];
	struct rk_fiber *f[RK_NR_CPUS];

	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++) {
		where[cpu] = ~0u;
		f[cpu] = rk_fiber_create_on(cpu, "on-cpu", note_cpu, &where[cpu], 0);
		RK_EXPECT(f[cpu] != 0);
	}
	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++) {
		if (f[cpu])
			RK_EXPECT_EQ(rk_fiber_join(f[cpu]), 0);
		RK_EXPECT_EQ(where[cpu], cpu);
	}
	RK_EXPECT(rk_fiber_create_on(RK_NR_CPUS, "nowhere", note_cpu, 0, 0) == 0);
}

/* --- Moving fibers ----------------------------------------------------------- */

#define MOVERS 4
#define MOVES 200

struct mover {
	unsigned index, moves, wrong_cpu;
};

/* Tour every CPU, MOVES times, yielding to the fibers met on the way. */
static void mover(void *arg)
{
	struct mover *m = arg;

	for (unsigned i = 0; i < MOVES; i++) {
		unsigned to = (m->index + i) % RK_NR_CPUS;
		if (rk_fiber_move(to) == 0)
			m->moves++;
		if (rk_cpu_id() != to)
			m->wrong_cpu++;
		rk_yield();
	}
	rk_fiber_move(0); /* and exit on another CPU than the last visited */
}

RK_TEST(smp_fiber_move)
{
	struct mover m[MOVERS];
	struct rk_fiber *f[MOVERS];

	for (unsigned i = 0; i < MOVERS; i++) {
		m[i] = (struct mover){ .index = i };
		f[i] = rk_fiber_create("mover", mover, &m[i], 0);
		RK_EXPECT(f[i] != 0);
	}
	for (unsigned i = 0; i < MOVERS; i++) {
		if (f[i])
			rk_fiber_join(f[i]);
		RK_EXPECT_EQ(m[i].moves, MOVES);
		RK_EXPECT_EQ(m[i].wrong_cpu, 0);
	}
	RK_EXPECT_EQ(rk_fiber_move(RK_NR_CPUS), -RK_EINVAL);
}

/* --- Stress ----------------------------------------------------------------- */

/* Each worker on CPU k (k >= 1) waits on its own semaphore (k's), which the
 * main fiber posts through a call on k; per round it answers with BURST
 * calls that count on CPU 0 (filling CPU 0's ring) and one that posts the
 * main fiber's semaphore, allocating and freeing heap memory in between.
 * Every count is checked exactly at the end. */
struct worker {
	struct rk_sem go;      /* CPU k's */
	unsigned cpu;
	unsigned rounds;
	unsigned wrong_cpu;
	unsigned alloc_failures;
};

static struct rk_sem answered; /* CPU 0's */
static struct worker workers[RK_NR_CPUS];
static unsigned counted[RK_NR_CPUS]; /* only CPU 0 writes it, in calls */

static void post(void *sem)
{
	rk_sem_post(sem);
}

static void count(void *w)
{
	counted[((struct worker *)w)->cpu]++;
}

static void worker(void *arg)
{
	struct worker *w = arg;

	for (unsigned r = 0; r < ROUNDS; r++) {
		if (rk_sem_wait(&w->go, WAIT_NS))
			return;
		void *p = malloc(64 + r);
		if (!p)
			w->alloc_failures++;
		free(p);
		for (unsigned i = 0; i < BURST; i++)
			rk_smp_call(0, count, w);
		if (rk_cpu_id() != w->cpu)
			w->wrong_cpu++;
		w->rounds++;
		rk_smp_call(0, post, &answered);
	}
}

RK_TEST(smp_stress_wakeups_and_ring)
{
	struct rk_fiber *f[RK_NR_CPUS] = { 0 };
	unsigned n = rk_cpus_online() - 1;

	rk_sem_init(&answered, 0);
	for (unsigned cpu = 1; cpu <= n; cpu++) {
		workers[cpu] = (struct worker){ .cpu = cpu };
		rk_sem_init(&workers[cpu].go, 0);
		counted[cpu] = 0;
		f[cpu] = rk_fiber_create_on(cpu, "smp-worker", worker, &workers[cpu], 0);
		RK_EXPECT(f[cpu] != 0);
	}
	unsigned lost = 0;
	for (unsigned r = 0; r < ROUNDS && !lost; r++) {
		for (unsigned cpu = 1; cpu <= n; cpu++)
			rk_smp_call(cpu, post, &workers[cpu].go);
		for (unsigned cpu = 1; cpu <= n; cpu++)
			if (rk_sem_wait(&answered, WAIT_NS))
				lost++;
	}
	RK_EXPECT_EQ(lost, 0);
	for (unsigned cpu = 1; cpu <= n; cpu++) {
		if (f[cpu])
			rk_fiber_join(f[cpu]);
		RK_EXPECT_EQ(workers[cpu].rounds, ROUNDS);
		RK_EXPECT_EQ(workers[cpu].wrong_cpu, 0);
		RK_EXPECT_EQ(workers[cpu].alloc_failures, 0);
		RK_EXPECT_EQ(counted[cpu], ROUNDS * BURST);
	}
}

/* --- Sync objects shared by fibers of different CPUs -------------------------- */

#define SHARERS_PER_CPU 2
#define LOCKS 300

static struct rk_mutex shared_mutex;
static struct rk_sem shared_sem;
static struct rk_event shared_event;
static unsigned long shared_count; /* under shared_mutex only */

static void sharer(void *arg)
{
	unsigned bit = (unsigned)(uintptr_t)arg;

	for (unsigned i = 0; i < LOCKS; i++) {
		rk_mutex_lock(&shared_mutex);
		unsigned long c = shared_count;
		if (i % 8 == 0)
			rk_yield(); /* hold it across a switch: others block on it */
		shared_count = c + 1;
		rk_mutex_unlock(&shared_mutex);
		rk_sem_post(&shared_sem); /* posted from this CPU, waited on CPU 0 */
	}
	rk_event_set(&shared_event, 1u << bit);
}

RK_TEST(smp_sync_objects_shared)
{
	unsigned n = rk_cpus_online() * SHARERS_PER_CPU;
	struct rk_fiber *f[RK_NR_CPUS * SHARERS_PER_CPU];
	uint32_t all = n >= 32 ? ~0u : (1u << n) - 1, got = 0;

	rk_mutex_init(&shared_mutex);
	rk_sem_init(&shared_sem, 0);
	rk_event_init(&shared_event);
	shared_count = 0;
	for (unsigned i = 0; i < n; i++) {
		f[i] = rk_fiber_create_on(i % rk_cpus_online(), "sharer", sharer, (void *)(uintptr_t)i, 0);
		RK_EXPECT(f[i] != 0);
	}
	unsigned posts = 0;
	while (posts < n * LOCKS && rk_sem_wait(&shared_sem, WAIT_NS) == 0)
		posts++;
	RK_EXPECT_EQ(posts, n * LOCKS);
	RK_EXPECT_EQ(rk_event_wait(&shared_event, all, RK_EVENT_ALL, WAIT_NS, &got), 0);
	RK_EXPECT_EQ(got, all);
	for (unsigned i = 0; i < n; i++)
		if (f[i])
			rk_fiber_join(f[i]);
	RK_EXPECT_EQ(shared_count, n * LOCKS);
}
