/* SPDX-License-Identifier: BSD-2-Clause */
/* bench, SMP figures (CONFIG_SMP): between CPU 0 and CPU 1, the round trip
 * of a call through the rings and IPIs, the latency of a cross-CPU
 * wake-up, the throughput of a single-producer ring with a producer on
 * CPU 1 and a consumer on CPU 0; and the speed-up of a CPU-bound workload
 * spread over every CPU against the same work on one. Under QEMU every
 * figure depends on how many host cores the vCPU threads get: say how
 * many the host has when quoting them. */
#include <stdatomic.h>
#include <stdint.h>
#include <rumpk/fiber.h>
#include <rumpk/printk.h>
#include <rumpk/ring.h>
#include <rumpk/smp.h>
#include <rumpk/sync.h>
#include <rumpk/time.h>
#include "bench.h"

#define ROUNDS 2000
#define RING_MSGS 200000
#define WORK (1u << 24) /* mixing steps of the CPU-bound workload */

/* --- call round trip --------------------------------------------------- */

static atomic_uint returned;

static void back(void *arg)
{
	atomic_fetch_add(&returned, 1);
}

static void there(void *arg)
{
	rk_smp_call(0, back, 0);
}

static void bench_call_round_trip(void)
{
	uint64_t t0 = rk_time_ns();

	for (unsigned i = 0; i < ROUNDS; i++) {
		unsigned want = i + 1;
		rk_smp_call(1, there, 0);
		while (atomic_load(&returned) < want)
			; /* interrupts on: the answer lands in our IPI handler */
	}
	printk("BENCH smp_call_round_trip_ns %llu ns\n",
	       (unsigned long long)((rk_time_ns() - t0) / ROUNDS));
}

/* --- cross-CPU wake-up ------------------------------------------------------ */

static struct rk_sem go; /* CPU 1's */
static struct rk_sem done;
static uint64_t sent_at, total_ns;

static void post(void *sem)
{
	rk_sem_post(sem);
}

static void waker_target(void *arg)
{
	for (unsigned i = 0; i < ROUNDS; i++) {
		rk_sem_wait(&go, 0);
		total_ns += rk_time_ns() - sent_at; /* the time CSR is the same on every hart */
		rk_smp_call(0, post, &done);
	}
}

static void bench_wakeup(void)
{
	rk_sem_init(&go, 0);
	rk_sem_init(&done, 0);
	total_ns = 0;
	struct rk_fiber *f = rk_fiber_create_on(1, "wakee", waker_target, 0, 0);
	for (unsigned i = 0; i < ROUNDS; i++) {
		sent_at = rk_time_ns();
		rk_smp_call(1, post, &go);
		rk_sem_wait(&done, 0);
	}
	rk_fiber_join(f);
	printk("BENCH smp_wakeup_ns %llu ns\n", (unsigned long long)(total_ns / ROUNDS));
}

/* --- ring throughput, CPU 1 -> CPU 0 ------------------------------------------ */

static uint64_t slots[256];
static struct rk_ring ring;
static struct rk_ring_consumer rx;

static void producer(void *arg)
{
	for (uint64_t i = 0; i < RING_MSGS;)
		if (rk_ring_try_push(&ring, &i, sizeof(i)))
			i++;
}

static void bench_ring_2cpu(void)
{
	uint64_t got = 0, sum = 0;

	rk_ring_init(&ring, &(struct rk_ring_config){ slots, sizeof(slots[0]), 256, 0 });
	rk_ring_consumer_attach(&rx, &ring);
	uint64_t t0 = rk_time_ns();
	struct rk_fiber *f = rk_fiber_create_on(1, "producer", producer, 0, 0);
	while (got < RING_MSGS) {
		uint64_t first;
		uint32_t n = rk_ring_poll(&rx, UINT32_MAX, &first);
		for (uint32_t i = 0; i < n; i++)
			sum += *(uint64_t *)rk_ring_slot(&ring, first + i);
		rk_ring_release(&rx, n);
		got += n;
	}
	uint64_t dt = rk_time_ns() - t0;
	rk_fiber_join(f);
	if (sum != (uint64_t)RING_MSGS * (RING_MSGS - 1) / 2)
		printk("bench: ring_2cpu lost or mixed up messages\n");
	printk("BENCH smp_ring_2cpu %llu msgs/s\n",
	       (unsigned long long)(RING_MSGS * RK_NSEC_PER_SEC / (dt ? dt : 1)));
}

/* --- speed-up ------------------------------------------------------------------ */

/* volatile: nothing reads the results, which must still be computed. */
static volatile uint64_t results[RK_NR_CPUS];

static void crunch(void *arg)
{
	unsigned cpu = (unsigned)(uintptr_t)arg, n = WORK / rk_cpus_online();
	uint64_t x = cpu + 1;

	for (unsigned i = 0; i < n; i++)
		x = x * 6364136223846793005ull + 1442695040888963407ull, x ^= x >> 29;
	results[cpu] = x;
}

static uint64_t run_crunch(unsigned ncpus)
{
	struct rk_fiber *f[RK_NR_CPUS];
	uint64_t t0 = rk_time_ns();

	for (unsigned c = 0; c < ncpus; c++)
		f[c] = rk_fiber_create_on(c, "crunch", crunch, (void *)(uintptr_t)c, 0);
	for (unsigned c = 0; c < ncpus; c++)
		rk_fiber_join(f[c]);
	return rk_time_ns() - t0;
}

static void bench_speedup(void)
{
	unsigned n = rk_cpus_online();
	/* The same total work: one CPU does all n shares in turn. */
	uint64_t one = 0;
	for (unsigned i = 0; i < n; i++)
		one += run_crunch(1);
	uint64_t all = run_crunch(n);
	/* 100 percent: no faster than one CPU. */
	printk("BENCH smp_speedup_%ucpus %llu percent\n", n,
	       (unsigned long long)(one * 100 / (all ? all : 1)));
}

void bench_smp(void)
{
	if (rk_cpus_online() < 2) {
		printk("bench: one CPU online, no SMP figures\n");
		return;
	}
	bench_call_round_trip();
	bench_wakeup();
	bench_ring_2cpu();
	bench_speedup();
}
