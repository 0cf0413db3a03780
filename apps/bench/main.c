/* SPDX-License-Identifier: BSD-2-Clause */
/* bench: kernel micro-benchmarks. Prints "BENCH <name> <value...> <unit>"
 * lines that bench/run.py collects; nothing here judges the figures. */
#include <stdint.h>
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/kernel.h>
#include <rumpk/printk.h>
#include <rumpk/ring.h>
#include <rumpk/sync.h>
#include <rumpk/time.h>
#include "bench.h"

#define N CONFIG_BENCH_ITERATIONS

static void yielder(void *arg)
{
	for (int i = 0; i < N; i++)
		rk_yield();
}

/* Two fibers yield to each other: every yield is one switch. */
static void bench_fiber_switch(void)
{
	struct rk_fiber *a = rk_fiber_create("yield-a", yielder, 0, 0);
	struct rk_fiber *b = rk_fiber_create("yield-b", yielder, 0, 0);
	uint64_t s0 = rk_sched_switches(), c0 = arch_cycles(), t0 = rk_time_ns();

	rk_fiber_join(a);
	rk_fiber_join(b);
	uint64_t dc = arch_cycles() - c0, dt = rk_time_ns() - t0;
	uint64_t sw = rk_sched_switches() - s0;
	printk("BENCH fiber_switch_cycles %llu cycles\n", (unsigned long long)(dc / sw));
	printk("BENCH fiber_switch_ns %llu ns\n", (unsigned long long)(dt / sw));
}

static struct rk_sem ping, pong;

static void ponger(void *arg)
{
	for (int i = 0; i < N; i++) {
		rk_sem_wait(&ping, 0);
		rk_sem_post(&pong);
	}
}

/* Blocking hand-off through two semaphores: wake + block + switch, twice. */
static void bench_sem_round_trip(void)
{
	rk_sem_init(&ping, 0);
	rk_sem_init(&pong, 0);
	struct rk_fiber *f = rk_fiber_create("ponger", ponger, 0, 0);
	uint64_t t0 = rk_time_ns();

	for (int i = 0; i < N; i++) {
		rk_sem_post(&ping);
		rk_sem_wait(&pong, 0);
	}
	uint64_t dt = rk_time_ns() - t0;
	rk_fiber_join(f);
	printk("BENCH sem_round_trip_ns %llu ns\n", (unsigned long long)(dt / N));
}

static struct rk_sem fired;
static uint64_t fired_at;

static void on_timer(struct rk_timer *t, void *arg)
{
	fired_at = rk_time_ns();
	rk_sem_post(&fired);
}

/* How late a one-shot timer runs its callback after its deadline. */
static void bench_timer_latency(void)
{
	struct rk_timer t;
	uint64_t min = UINT64_MAX, max = 0, sum = 0;
	const int samples = 200;

	rk_sem_init(&fired, 0);
	rk_timer_init(&t, on_timer, 0);
	for (int i = 0; i < samples; i++) {
		uint64_t deadline = rk_time_ns() + 200 * RK_NSEC_PER_USEC;
		rk_timer_arm(&t, deadline);
		rk_sem_wait(&fired, 0);
		uint64_t late = fired_at - deadline;
		min = late < min ? late : min;
		max = late > max ? late : max;
		sum += late;
	}
	printk("BENCH timer_latency_ns %llu %llu %llu ns\n", (unsigned long long)min,
	       (unsigned long long)(sum / samples), (unsigned long long)max);
}

/* Ring throughput: producers push 8-byte messages as fast as the ring takes
 * them and yield when it is full; one consumer drains in batches and yields
 * when it is empty. Messages per second of the whole exchange, switches
 * included (one CPU: producers and consumer take turns). */
#define RING_SLOTS 256
static uint64_t ring_slots[RING_SLOTS];
static rk_ring_flag_t ring_flags[RING_SLOTS];
static struct rk_ring ring;
static struct rk_ring_consumer ring_rx;
static uint64_t ring_total;

static void ring_producer(void *arg)
{
	uint64_t n = (uint64_t)(uintptr_t)arg;

	for (uint64_t i = 0; i < n;) {
		uint64_t first;
		if (!rk_ring_try_claim(&ring, 1, &first)) {
			rk_yield();
			continue;
		}
		*(uint64_t *)rk_ring_slot(&ring, first) = i++;
		rk_ring_publish(&ring, first, 1);
	}
}

static void ring_consumer(void *arg)
{
	uint64_t got = 0, sum = 0;

	while (got < ring_total) {
		uint64_t first;
		uint32_t n = rk_ring_poll(&ring_rx, UINT32_MAX, &first);
		if (!n) {
			rk_yield();
			continue;
		}
		for (uint32_t i = 0; i < n; i++)
			sum += *(uint64_t *)rk_ring_slot(&ring, first + i);
		rk_ring_release(&ring_rx, n);
		got += n;
	}
	ring_slots[0] = sum; /* keep the reads */
}

static void bench_ring(int producers, const char *name)
{
	struct rk_fiber *f[8];
	uint64_t per = (uint64_t)N * 10;

	rk_ring_init(&ring, &(struct rk_ring_config){ ring_slots, sizeof(uint64_t), RING_SLOTS,
						       producers > 1 ? ring_flags : 0 });
	rk_ring_consumer_attach(&ring_rx, &ring);
	ring_total = per * (uint64_t)producers;
	uint64_t t0 = rk_time_ns();
	f[0] = rk_fiber_create("consumer", ring_consumer, 0, 0);
	for (int i = 1; i <= producers; i++)
		f[i] = rk_fiber_create("producer", ring_producer, (void *)(uintptr_t)per, 0);
	for (int i = 0; i <= producers; i++)
		rk_fiber_join(f[i]);
	uint64_t dt = rk_time_ns() - t0;
	printk("BENCH %s %llu msgs/s\n", name,
	       (unsigned long long)(ring_total * RK_NSEC_PER_SEC / (dt ? dt : 1)));
}

/* The kernel's boot, whole and per step (kernel/main.c records them). */
static void bench_boot(void)
{
	printk("BENCH boot_entry_to_main_cycles %llu cycles\n",
	       (unsigned long long)(rk_boot_main_cycles - rk_boot_entry_cycles));
	for (unsigned i = 0; i < rk_boot_nstages; i++)
		printk("BENCH boot_%s_cycles %llu cycles\n", rk_boot_stages[i].name,
		       (unsigned long long)rk_boot_stages[i].cycles);
}

int main(int argc, char *argv[])
{
	bench_boot();
	bench_fiber_switch();
	bench_sem_round_trip();
	bench_timer_latency();
	bench_ring(1, "ring_1to1");
	bench_ring(4, "ring_4to1");
#ifdef CONFIG_SMP
	bench_smp();
#endif
	printk("BENCH done\n");
	return 0;
}
