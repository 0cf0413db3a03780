/* SPDX-License-Identifier: BSD-2-Clause */
/* Host micro-benchmark of rk_ring (kernel/ring/ring.c): messages per second
 * for one producer and one consumer (single-producer ring) and for N
 * producers and one consumer (multi-producer ring), plus the round-trip
 * time of a ping-pong over two rings. Each figure is the median of 5 runs.
 *
 * Built by test/unit/ring_tests.cmake as bench_ring, or standalone:
 *     cc -O2 -pthread -Iinclude bench/ring/bench_ring.c kernel/ring/ring.c -o bench_ring
 * Usage: bench_ring [messages per run, default 10000000]
 *
 * Threads are pinned to distinct CPUs when there are enough of them; with
 * more threads than CPUs the figures mostly measure the host scheduler. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <rumpk/ring.h>

#define RING_SLOTS 1024
#define MAX_PRODUCERS 4
#define RUNS 5

static uint64_t slots[RING_SLOTS];
static rk_ring_flag_t flags[RING_SLOTS];
static struct rk_ring ring;
static struct rk_ring_consumer rx;
static long ncpus;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void pin(unsigned cpu)
{
	if (ncpus < 2)
		return;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu % (unsigned)ncpus, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void relax(unsigned *spins)
{
	if (++*spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
	} else {
		*spins = 0;
		sched_yield();
	}
}

struct run {
	uint64_t per_producer;
	uint32_t batch;     /* sequences claimed per try_claim */
	unsigned producers;
	pthread_barrier_t start;
	uint64_t sum;       /* consumer's checksum of all values */
};

struct producer {
	struct run *run;
	unsigned id;
};

static void *produce(void *p)
{
	struct producer *pr = p;
	struct run *run = pr->run;
	unsigned spins = 0;

	pin(1 + pr->id);
	pthread_barrier_wait(&run->start);
	for (uint64_t v = 0; v < run->per_producer;) {
		uint64_t s;
		uint32_t k = run->batch;
		if (k > run->per_producer - v)
			k = (uint32_t)(run->per_producer - v);
		if (!rk_ring_try_claim(&ring, k, &s)) {
			relax(&spins);
			continue;
		}
		for (uint32_t i = 0; i < k; i++)
			*(uint64_t *)rk_ring_slot(&ring, s + i) = v++;
		rk_ring_publish(&ring, s, k);
	}
	return NULL;
}

/* One run: returns messages per second; the consumer is this thread. */
static double run_once(unsigned producers, bool multi, uint32_t batch, uint64_t total)
{
	struct run run = { .per_producer = total / producers, .batch = batch,
			   .producers = producers };
	struct producer pr[MAX_PRODUCERS];
	pthread_t t[MAX_PRODUCERS];
	unsigned spins = 0;

	rk_ring_init(&ring, &(struct rk_ring_config){ slots, sizeof(slots[0]), RING_SLOTS,
						       multi ? flags : NULL });
	rk_ring_consumer_attach(&rx, &ring);
	pthread_barrier_init(&run.start, NULL, producers + 1);
	for (unsigned i = 0; i < producers; i++) {
		pr[i] = (struct producer){ &run, i };
		pthread_create(&t[i], NULL, produce, &pr[i]);
	}
	pin(0);
	pthread_barrier_wait(&run.start);
	double t0 = now_s();
	uint64_t want = run.per_producer * producers, got = 0, sum = 0;
	while (got < want) {
		uint64_t first;
		uint32_t n = rk_ring_poll(&rx, UINT32_MAX, &first);
		if (!n) {
			relax(&spins);
			continue;
		}
		for (uint32_t i = 0; i < n; i++)
			sum += *(uint64_t *)rk_ring_slot(&ring, first + i);
		rk_ring_release(&rx, n);
		got += n;
	}
	double dt = now_s() - t0;
	for (unsigned i = 0; i < producers; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&run.start);
	uint64_t n = run.per_producer;
	if (sum != producers * (n * (n - 1) / 2)) {
		fprintf(stderr, "bench_ring: checksum mismatch\n");
		exit(1);
	}
	return (double)want / dt;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
	return v[n / 2];
}

static void throughput(const char *name, unsigned producers, bool multi, uint32_t batch,
		       uint64_t total)
{
	double r[RUNS];
	for (int i = 0; i < RUNS; i++)
		r[i] = run_once(producers, multi, batch, total);
	double med = median(r, RUNS); /* sorts r */
	printf("%-36s %8.1f M msg/s  (min %.1f, max %.1f)\n", name, med / 1e6, r[0] / 1e6,
	       r[RUNS - 1] / 1e6);
}

/* --- Ping-pong: round-trip latency over two single-producer rings -------- */
static uint64_t ping_slots[64], pong_slots[64];
static struct rk_ring ping, pong;
static struct rk_ring_consumer ping_rx, pong_rx;

static void *ponger(void *p)
{
	uint64_t rounds = *(uint64_t *)p, v;
	unsigned spins = 0;

	pin(1);
	for (uint64_t i = 0; i < rounds; i++) {
		while (!rk_ring_try_pop(&ping_rx, &v, sizeof(v)))
			relax(&spins);
		while (!rk_ring_try_push(&pong, &v, sizeof(v)))
			relax(&spins);
	}
	return NULL;
}

static double pingpong_once(uint64_t rounds)
{
	pthread_t t;
	unsigned spins = 0;

	rk_ring_init(&ping, &(struct rk_ring_config){ ping_slots, 8, 64, NULL });
	rk_ring_init(&pong, &(struct rk_ring_config){ pong_slots, 8, 64, NULL });
	rk_ring_consumer_attach(&ping_rx, &ping);
	rk_ring_consumer_attach(&pong_rx, &pong);
	pthread_create(&t, NULL, ponger, &rounds);
	pin(0);
	double t0 = now_s();
	for (uint64_t i = 0; i < rounds; i++) {
		uint64_t v = i;
		while (!rk_ring_try_push(&ping, &v, sizeof(v)))
			relax(&spins);
		while (!rk_ring_try_pop(&pong_rx, &v, sizeof(v)))
			relax(&spins);
	}
	double dt = now_s() - t0;
	pthread_join(t, NULL);
	return dt / (double)rounds * 1e9;
}

int main(int argc, char **argv)
{
	uint64_t total = argc > 1 ? strtoull(argv[1], NULL, 0) : 10000000;
	char name[64];

	ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	printf("rk_ring host benchmark: %llu messages of 8 bytes per run, %d slots, %ld CPUs,"
	       " median of %d\n", (unsigned long long)total, RING_SLOTS, ncpus, RUNS);
	throughput("1:1 single-producer ring, claim 1", 1, false, 1, total);
	throughput("1:1 single-producer ring, claim 16", 1, false, 16, total);
	throughput("1:1 multi-producer ring, claim 1", 1, true, 1, total);
	throughput("1:1 multi-producer ring, claim 16", 1, true, 16, total);
	for (unsigned p = 2; p <= 3; p++) {
		snprintf(name, sizeof(name), "%u:1 multi-producer, claim 1", p);
		throughput(name, p, true, 1, total);
		snprintf(name, sizeof(name), "%u:1 multi-producer, claim 16", p);
		throughput(name, p, true, 16, total);
	}
	double r[RUNS];
	for (int i = 0; i < RUNS; i++)
		r[i] = pingpong_once(total / 50);
	printf("%-36s %8.0f ns round trip\n", "ping-pong over two rings", median(r, RUNS));
	return 0;
}
