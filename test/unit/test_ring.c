/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of kernel/ring/ring.c.
 *
 * Built twice: with ASan+UBSan (memory errors, overflow) and with
 * ThreadSanitizer (every slot access must be ordered by the ring's
 * acquire/release pairs, or TSan reports a data race). The single-thread
 * cases pin down the semantics; the threaded ones check that every message
 * arrives exactly once, intact and in order, under real concurrency.
 *
 * RING_TEST_SCALE (default 1) divides the message counts of the threaded
 * cases, for the slower TSan build. The in-image tests of kernel/ring/
 * ring_tests.c run here as one more case. The last lines are "N passed, M
 * failed" (cases) and check_summary()'s count of checks. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <rumpk/ring.h>
#include <rumpk/test.h>
#include "check.h"

#ifndef RING_TEST_SCALE
#define RING_TEST_SCALE 1
#endif

/* --- Helpers ---------------------------------------------------------------- */

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64*: cheap, per-thread, reproducible. */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* Busy-wait step for a thread that found the ring full or empty. Two cores
 * run up to five threads here, so spin briefly and then give the CPU away
 * rather than burn the time slice the other side needs. */
static void backoff(unsigned *spins)
{
	if (++*spins < 32) {
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
	} else {
		*spins = 0;
		sched_yield();
	}
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A ring over static storage: 'flags' non-NULL makes it multi-producer. */
struct fixture {
	struct rk_ring ring;
	struct rk_ring_consumer c[2];
};

static void setup(struct fixture *f, void *slots, size_t slot_size, uint32_t count,
		  rk_ring_flag_t *flags, int consumers)
{
	memset(f, 0, sizeof(*f));
	struct rk_ring_config cfg = { slots, slot_size, count, flags };
	CHECK(rk_ring_init(&f->ring, &cfg));
	for (int i = 0; i < consumers; i++)
		CHECK(rk_ring_consumer_attach(&f->c[i], &f->ring));
}

/* Put the ring at sequence base as if base messages had passed through it
 * (white box: sequences near a lap-counter wrap would otherwise take hours
 * to reach). Only valid on a fresh ring with its consumers attached. */
static void rebase(struct fixture *f, uint64_t base, int consumers)
{
	struct rk_ring *r = &f->ring;
	atomic_store(&r->claim, base);
	atomic_store(&r->gate, base);
	atomic_store(&r->cursor, base);
	for (int i = 0; i < consumers; i++) {
		atomic_store(&f->c[i].seq, base);
		f->c[i].avail = base;
	}
	if (r->published)
		for (uint64_t i = 0; i < r->slot_count; i++) {
			/* The slot of base + i last held base + i - count. */
			uint64_t prev = base + i - r->slot_count;
			atomic_store(&r->published[(base + i) & r->mask],
				     (uint32_t)(prev >> r->lap_shift));
		}
}

/* --- Single-thread semantics ----------------------------------------------- */

static void test_init_rejects_bad_config(void)
{
	static uint64_t slots[8];
	struct rk_ring r;

	CHECK(!rk_ring_init(&r, &(struct rk_ring_config){ slots, 8, 0, NULL }));
	CHECK(!rk_ring_init(&r, &(struct rk_ring_config){ slots, 8, 6, NULL }));
	CHECK(!rk_ring_init(&r, &(struct rk_ring_config){ slots, 0, 8, NULL }));
	CHECK(!rk_ring_init(&r, &(struct rk_ring_config){ NULL, 8, 8, NULL }));
	CHECK(rk_ring_init(&r, &(struct rk_ring_config){ slots, 8, 8, NULL }));
	CHECK_EQ(rk_ring_capacity(&r), 8);
	CHECK(rk_ring_init(&r, &(struct rk_ring_config){ slots, 8, 1, NULL }));
	CHECK_EQ(r.lap_shift, 0);
	CHECK(rk_ring_init(&r, &(struct rk_ring_config){ slots, 1, 1u << 31, NULL }));
	CHECK_EQ(r.lap_shift, 31);
	CHECK(((uintptr_t)&r.claim - (uintptr_t)&r) % RK_RING_CACHE_LINE == 0);
	CHECK((uintptr_t)&r.cursor - (uintptr_t)&r.claim >= RK_RING_CACHE_LINE);
}

static void check_full_empty(rk_ring_flag_t *flags)
{
	static uint32_t slots[4];
	struct fixture f;
	uint64_t s, first;

	setup(&f, slots, sizeof(slots[0]), 4, flags, 1);
	CHECK(rk_ring_empty(&f.c[0]));
	CHECK_EQ(rk_ring_poll(&f.c[0], 10, &first), 0);
	CHECK(!rk_ring_try_pop(&f.c[0], &s, sizeof(uint32_t)));
	for (uint32_t v = 0; v < 4; v++)
		CHECK(rk_ring_try_push(&f.ring, &v, sizeof(v)));
	uint32_t v = 99;
	CHECK(!rk_ring_try_push(&f.ring, &v, sizeof(v)));
	CHECK(!rk_ring_try_claim(&f.ring, 1, &s));
	CHECK(!rk_ring_empty(&f.c[0]));

	/* Polling is idempotent until release; max bounds the batch. */
	CHECK_EQ(rk_ring_poll(&f.c[0], 3, &first), 3);
	CHECK_EQ(first, 0);
	CHECK_EQ(rk_ring_poll(&f.c[0], UINT32_MAX, &first), 4);
	CHECK_EQ(first, 0);
	CHECK_EQ(*(uint32_t *)rk_ring_slot(&f.ring, first + 2), 2);

	/* Releasing two frees exactly two slots. */
	rk_ring_release(&f.c[0], 2);
	CHECK(!rk_ring_try_claim(&f.ring, 3, &s));
	CHECK(rk_ring_try_claim(&f.ring, 2, &s));
	CHECK_EQ(s, 4);
	CHECK(!rk_ring_try_claim(&f.ring, 1, &s));
	*(uint32_t *)rk_ring_slot(&f.ring, 4) = 4;
	*(uint32_t *)rk_ring_slot(&f.ring, 5) = 5;
	/* Claimed but unpublished slots are invisible. */
	CHECK_EQ(rk_ring_poll(&f.c[0], 10, &first), 2);
	rk_ring_publish(&f.ring, 4, 2);
	CHECK_EQ(rk_ring_poll(&f.c[0], 10, &first), 4);
	CHECK_EQ(first, 2);
	for (uint32_t i = 0; i < 4; i++)
		CHECK_EQ(*(uint32_t *)rk_ring_slot(&f.ring, first + i), 2 + i);
	rk_ring_release(&f.c[0], 4);
	CHECK(rk_ring_empty(&f.c[0]));
	CHECK(rk_ring_try_claim(&f.ring, 4, &s));
	CHECK_EQ(s, 6);
}

static void test_full_empty_single(void) { check_full_empty(NULL); }

static void test_full_empty_multi(void)
{
	static rk_ring_flag_t flags[4];
	check_full_empty(flags);
}

static void test_claim_limits(void)
{
	static uint64_t slots[8];
	struct fixture f;
	uint64_t s;

	setup(&f, slots, sizeof(slots[0]), 8, NULL, 1);
	CHECK(!rk_ring_try_claim(&f.ring, 0, &s));
	CHECK(!rk_ring_try_claim(&f.ring, 9, &s));
	CHECK(rk_ring_try_claim(&f.ring, 8, &s));
	CHECK_EQ(s, 0);
	rk_ring_publish(&f.ring, 0, 8);
	uint64_t big[2] = { 1, 2 };
	CHECK(!rk_ring_try_push(&f.ring, big, sizeof(big))); /* larger than a slot */
	CHECK(!rk_ring_try_pop(&f.c[0], big, sizeof(big)));
	CHECK(rk_ring_try_pop(&f.c[0], big, sizeof(big[0])));
	CHECK_EQ(rk_ring_poll(&f.c[0], 0, &s), 0);
}

/* Producer and consumer take random batch sizes for many laps; every value
 * must come out once and in order. */
static void check_wraparound(rk_ring_flag_t *flags, uint64_t base)
{
	static uint64_t slots[8];
	struct fixture f;
	uint64_t rng = 42, sent = 0, got = 0, idle = 0;
	const uint64_t total = 100000;

	setup(&f, slots, sizeof(slots[0]), 8, flags, 1);
	rebase(&f, base, 1);
	while (got < total) {
		uint32_t k = 1 + rng_next(&rng) % 8;
		uint64_t s;
		if (k > total - sent)
			k = (uint32_t)(total - sent);
		/* A broken ring can stop making progress; fail, do not hang. */
		if (++idle > 100) {
			CHECK(!"no progress in 100 rounds");
			return;
		}
		if (k && rk_ring_try_claim(&f.ring, k, &s)) {
			idle = 0;
			CHECK_EQ(s, base + sent);
			for (uint32_t i = 0; i < k; i++)
				*(uint64_t *)rk_ring_slot(&f.ring, s + i) = sent++;
			rk_ring_publish(&f.ring, s, k);
		}
		uint32_t m = 1 + rng_next(&rng) % 9;
		uint32_t n = rk_ring_poll(&f.c[0], m, &s);
		CHECK(n <= m);
		if (n)
			idle = 0;
		for (uint32_t i = 0; i < n; i++)
			if (*(uint64_t *)rk_ring_slot(&f.ring, s + i) != got++) {
				CHECK(!"value out of order");
				return;
			}
		rk_ring_release(&f.c[0], n);
	}
	CHECK_EQ(sent, total);
	CHECK_EQ(got, total);
	CHECK(rk_ring_empty(&f.c[0]));
}

static void test_wraparound_single(void) { check_wraparound(NULL, 0); }

static void test_wraparound_multi(void)
{
	static rk_ring_flag_t flags[8];
	check_wraparound(flags, 0);
}

/* Laps near 2^32 * count: the 32-bit slot flags wrap while sequences do not. */
static void test_lap_counter_wrap(void)
{
	static rk_ring_flag_t flags[8];
	check_wraparound(flags, ((1ULL << 32) - 5) * 8);
	check_wraparound(NULL, UINT64_MAX / 2);
}

/* Multi-producer: a later claim published first stays invisible until every
 * sequence before it is published. */
static void test_multi_out_of_order_publish(void)
{
	static uint32_t slots[8];
	static rk_ring_flag_t flags[8];
	struct fixture f;
	uint64_t a, b, c, first;

	setup(&f, slots, sizeof(slots[0]), 8, flags, 1);
	CHECK(rk_ring_try_claim(&f.ring, 2, &a));
	CHECK(rk_ring_try_claim(&f.ring, 1, &b));
	CHECK(rk_ring_try_claim(&f.ring, 3, &c));
	CHECK_EQ(b, 2);
	CHECK_EQ(c, 3);
	rk_ring_publish(&f.ring, c, 3);
	rk_ring_publish(&f.ring, b, 1);
	CHECK_EQ(rk_ring_poll(&f.c[0], 100, &first), 0);
	rk_ring_publish(&f.ring, a, 1); /* half of a's claim */
	CHECK_EQ(rk_ring_poll(&f.c[0], 100, &first), 1);
	rk_ring_publish(&f.ring, a + 1, 1);
	CHECK_EQ(rk_ring_poll(&f.c[0], 100, &first), 6);
	CHECK_EQ(first, 0);
}

/* Two consumers both see every message; producers wait for the slower. */
static void check_two_consumers(rk_ring_flag_t *flags)
{
	static uint32_t slots[4];
	struct fixture f;
	uint64_t s, first;

	setup(&f, slots, sizeof(slots[0]), 4, flags, 2);
	for (uint32_t v = 10; v < 14; v++)
		CHECK(rk_ring_try_push(&f.ring, &v, sizeof(v)));
	uint32_t v;
	for (uint32_t i = 0; i < 4; i++) {
		CHECK(rk_ring_try_pop(&f.c[0], &v, sizeof(v)));
		CHECK_EQ(v, 10 + i);
	}
	CHECK(rk_ring_empty(&f.c[0]));
	CHECK(!rk_ring_try_claim(&f.ring, 1, &s)); /* c[1] has released nothing */
	CHECK_EQ(rk_ring_poll(&f.c[1], 8, &first), 4);
	rk_ring_release(&f.c[1], 1);
	CHECK(rk_ring_try_claim(&f.ring, 1, &s));
	CHECK(!rk_ring_try_claim(&f.ring, 1, &s));
	CHECK_EQ(s, 4);
}

static void test_two_consumers_single(void) { check_two_consumers(NULL); }

static void test_two_consumers_multi(void)
{
	static rk_ring_flag_t flags[4];
	check_two_consumers(flags);
}

static void test_attach_rules(void)
{
	static uint32_t slots[4];
	struct fixture f;
	struct rk_ring_consumer late;
	uint64_t s;

	setup(&f, slots, sizeof(slots[0]), 4, NULL, 0);
	/* Without consumers the ring buffers one ring-full, then is full. */
	CHECK(rk_ring_try_claim(&f.ring, 4, &s));
	CHECK(!rk_ring_try_claim(&f.ring, 1, &s));
	CHECK(!rk_ring_consumer_attach(&late, &f.ring));

	/* At most RK_RING_MAX_CONSUMERS, one wake-up bit each. */
	static struct rk_ring_consumer many[RK_RING_MAX_CONSUMERS + 1];
	setup(&f, slots, sizeof(slots[0]), 4, NULL, 0);
	for (int i = 0; i < RK_RING_MAX_CONSUMERS; i++)
		CHECK(rk_ring_consumer_attach(&many[i], &f.ring));
	CHECK(!rk_ring_consumer_attach(&many[RK_RING_MAX_CONSUMERS], &f.ring));
	CHECK_EQ(rk_ring_consumer_bit(&many[RK_RING_MAX_CONSUMERS - 1]), 1u << 31);
}

static void test_want_wake_flags(void)
{
	static uint32_t slots[4];
	struct fixture f;

	setup(&f, slots, sizeof(slots[0]), 4, NULL, 2);
	CHECK_EQ(rk_ring_consumer_bit(&f.c[0]), 1);
	CHECK_EQ(rk_ring_consumer_bit(&f.c[1]), 2);
	CHECK_EQ(rk_ring_wake_consumers(&f.ring), 0);
	rk_ring_consumer_want(&f.c[1]);
	CHECK_EQ(rk_ring_wake_consumers(&f.ring), 2);
	CHECK_EQ(rk_ring_wake_consumers(&f.ring), 0); /* each want is taken once */
	rk_ring_consumer_want(&f.c[0]);
	rk_ring_consumer_want(&f.c[1]);
	CHECK_EQ(rk_ring_wake_consumers(&f.ring), 3);
	CHECK(!rk_ring_wake_producers(&f.ring));
	rk_ring_producer_want(&f.ring);
	CHECK(rk_ring_wake_producers(&f.ring));
	CHECK(!rk_ring_wake_producers(&f.ring));
}

/* --- Threaded stress -------------------------------------------------------- */

/* 64-byte messages: the payload words are derived from (producer, n), so a
 * torn or stale slot read shows up as a mismatch, not just a bad counter. */
struct msg {
	uint32_t producer;
	uint32_t pad;
	uint64_t n;
	uint64_t payload[6];
};

static void fill(struct msg *m, uint32_t producer, uint64_t n)
{
	m->producer = producer;
	m->pad = 0;
	m->n = n;
	for (int i = 0; i < 6; i++)
		m->payload[i] = (n + (uint64_t)i) * 0x9E3779B97F4A7C15ULL ^ producer;
}

static bool intact(const struct msg *m)
{
	for (int i = 0; i < 6; i++)
		if (m->payload[i] != ((m->n + (uint64_t)i) * 0x9E3779B97F4A7C15ULL ^ m->producer))
			return false;
	return true;
}

#define MAX_PRODUCERS 4
#define MAX_CONSUMERS 2

struct stress {
	struct rk_ring *ring;
	struct rk_ring_consumer *consumers;
	uint32_t producers, nconsumers;
	uint64_t per_producer;
	uint32_t max_claim;
	/* Blocking mode: sleep on semaphores through the want handshake, one
	 * per consumer (each has its own position) and one for all producers
	 * (they share the space flag, so the consumer posts once for each). */
	bool blocking;
	sem_t data_sem[MAX_CONSUMERS], space_sem;
	_Atomic uint64_t lost_wakeups;
	/* Watchdog: a thread that can make no progress for STRESS_TIMEOUT_S
	 * stops every thread of the run, which then fails instead of hanging
	 * until ctest kills it. Progress-based, so a slow loaded machine does
	 * not trip it. */
	atomic_bool stop;
};

struct idle {
	unsigned spins;
	double since; /* when this thread last stopped making progress; 0 = busy */
};

#define STRESS_TIMEOUT_S 10

/* Set once a watchdog fires: the later stress runs are skipped (and fail),
 * so a broken ring costs one timeout, not one per run. */
static bool stress_broken;

/* Called by threads that find nothing to do; true when it is time to give up. */
static bool stalled(struct stress *st, struct idle *idle)
{
	backoff(&idle->spins);
	if (idle->spins == 0) { /* look at the clock only once per yield */
		double t = now_s();
		if (idle->since == 0)
			idle->since = t;
		else if (t - idle->since > STRESS_TIMEOUT_S)
			atomic_store(&st->stop, true);
	}
	return atomic_load_explicit(&st->stop, memory_order_relaxed);
}

struct producer_arg {
	struct stress *st;
	uint32_t id;
};

/* Sleep on sem for at most two seconds. A timeout here means the handshake
 * lost a wake-up: the other side is never idle that long in these tests. */
static void sleep_on(struct stress *st, sem_t *sem)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 2;
	while (sem_timedwait(sem, &ts) != 0)
		if (errno == ETIMEDOUT) {
			atomic_fetch_add(&st->lost_wakeups, 1);
			return;
		}
}

static void *producer_main(void *p)
{
	struct producer_arg *a = p;
	struct stress *st = a->st;
	uint64_t rng = 0x1234567ULL + a->id, n = 0;
	struct idle idle = { 0, 0 };

	while (n < st->per_producer) {
		uint32_t k = 1 + (uint32_t)(rng_next(&rng) % st->max_claim);
		if (k > st->per_producer - n)
			k = (uint32_t)(st->per_producer - n);
		uint64_t s;
		if (!rk_ring_try_claim(st->ring, k, &s)) {
			if (stalled(st, &idle))
				break;
			if (!st->blocking)
				continue;
			rk_ring_producer_want(st->ring);
			if (!rk_ring_try_claim(st->ring, k, &s)) {
				sleep_on(st, &st->space_sem);
				continue;
			}
		}
		idle.since = 0;
		for (uint32_t i = 0; i < k; i++)
			fill(rk_ring_slot(st->ring, s + i), a->id, n++);
		rk_ring_publish(st->ring, s, k);
		if (st->blocking) {
			uint32_t wake = rk_ring_wake_consumers(st->ring);
			for (uint32_t i = 0; i < st->nconsumers; i++)
				if (wake & rk_ring_consumer_bit(&st->consumers[i]))
					sem_post(&st->data_sem[i]);
		}
	}
	return NULL;
}

struct consumer_arg {
	struct stress *st;
	struct rk_ring_consumer *c;
	sem_t *sem;
	uint32_t producers;
	uint64_t next[MAX_PRODUCERS]; /* next n expected from each producer */
	uint64_t received, batches, bad;
};

static void *consumer_main(void *p)
{
	struct consumer_arg *a = p;
	struct stress *st = a->st;
	uint64_t total = st->per_producer * a->producers, rng = 99;
	struct idle idle = { 0, 0 };

	while (a->received < total) {
		uint64_t first;
		uint32_t max = 1 + (uint32_t)(rng_next(&rng) % 32);
		uint32_t n = rk_ring_poll(a->c, max, &first);
		if (n == 0) {
			if (stalled(st, &idle))
				break;
			if (!st->blocking)
				continue;
			rk_ring_consumer_want(a->c);
			if ((n = rk_ring_poll(a->c, max, &first)) == 0) {
				sleep_on(st, a->sem);
				continue;
			}
		}
		idle.since = 0;
		for (uint32_t i = 0; i < n; i++) {
			const struct msg *m = rk_ring_slot(st->ring, first + i);
			if (m->producer >= a->producers || m->n != a->next[m->producer] || !intact(m)) {
				if (a->bad++ < 5)
					printf("  bad message at seq %llu: producer %u n %llu\n",
					       (unsigned long long)(first + i), m->producer,
					       (unsigned long long)m->n);
				if (m->producer < a->producers)
					a->next[m->producer] = m->n;
			}
			if (m->producer < a->producers)
				a->next[m->producer]++;
		}
		a->received += n;
		a->batches++;
		rk_ring_release(a->c, n);
		if (st->blocking && rk_ring_wake_producers(st->ring))
			for (uint32_t i = 0; i < st->producers; i++)
				sem_post(&st->space_sem);
	}
	return NULL;
}

/* Run producers x consumers threads over a ring of slot_count 64-byte slots. */
static void run_stress(const char *what, uint32_t producers, uint32_t consumers,
		       uint32_t slot_count, uint64_t per_producer, uint32_t max_claim,
		       bool blocking)
{
	static struct msg slots[1024];
	static rk_ring_flag_t flags[1024];
	struct fixture f;
	struct stress st = { .producers = producers, .nconsumers = consumers,
			     .per_producer = per_producer, .max_claim = max_claim,
			     .blocking = blocking };
	struct producer_arg pa[MAX_PRODUCERS];
	struct consumer_arg ca[MAX_CONSUMERS];
	pthread_t pt[MAX_PRODUCERS], ct[MAX_CONSUMERS];

	if (stress_broken) {
		CHECK(!"skipped after an earlier stall");
		return;
	}
	setup(&f, slots, sizeof(slots[0]), slot_count, producers > 1 ? flags : NULL,
	      (int)consumers);
	st.ring = &f.ring;
	st.consumers = f.c;
	for (uint32_t i = 0; i < consumers; i++)
		sem_init(&st.data_sem[i], 0, 0);
	sem_init(&st.space_sem, 0, 0);
	double t0 = now_s();
	for (uint32_t i = 0; i < consumers; i++) {
		ca[i] = (struct consumer_arg){ .st = &st, .c = &f.c[i], .sem = &st.data_sem[i],
					       .producers = producers };
		CHECK(pthread_create(&ct[i], NULL, consumer_main, &ca[i]) == 0);
	}
	for (uint32_t i = 0; i < producers; i++) {
		pa[i] = (struct producer_arg){ .st = &st, .id = i };
		CHECK(pthread_create(&pt[i], NULL, producer_main, &pa[i]) == 0);
	}
	for (uint32_t i = 0; i < producers; i++)
		pthread_join(pt[i], NULL);
	for (uint32_t i = 0; i < consumers; i++)
		pthread_join(ct[i], NULL);
	double dt = now_s() - t0;

	for (uint32_t i = 0; i < consumers; i++) {
		CHECK_EQ(ca[i].bad, 0);
		CHECK_EQ(ca[i].received, per_producer * producers);
		for (uint32_t p = 0; p < producers; p++)
			CHECK_EQ(ca[i].next[p], per_producer);
		CHECK(rk_ring_empty(&f.c[i]));
	}
	CHECK_EQ(atomic_load(&st.lost_wakeups), 0);
	if (atomic_load(&st.stop)) {
		CHECK(!"stalled: watchdog fired");
		stress_broken = true;
	}
	printf("  %s: %u producer(s) -> %u consumer(s), %llu messages in %.2f s"
	       " (%.1f M/s, mean batch %.1f)\n",
	       what, producers, consumers, (unsigned long long)(per_producer * producers), dt,
	       (double)(per_producer * producers) / dt / 1e6,
	       (double)ca[0].received / (double)(ca[0].batches ? ca[0].batches : 1));
	for (uint32_t i = 0; i < consumers; i++)
		sem_destroy(&st.data_sem[i]);
	sem_destroy(&st.space_sem);
}

static void test_spsc_stress(void)
{
	run_stress("spsc", 1, 1, 64, 1000000 / RING_TEST_SCALE, 8, false);
	run_stress("spsc tiny ring", 1, 1, 2, 50000 / RING_TEST_SCALE, 2, false);
}

static void test_mpsc_stress(void)
{
	run_stress("mpsc", 3, 1, 64, 300000 / RING_TEST_SCALE, 4, false);
	run_stress("mpsc", 4, 1, 16, 150000 / RING_TEST_SCALE, 3, false);
}

static void test_broadcast_stress(void)
{
	run_stress("spmc broadcast", 1, 2, 32, 300000 / RING_TEST_SCALE, 4, false);
	run_stress("mpmc broadcast", 2, 2, 32, 150000 / RING_TEST_SCALE, 4, false);
}

/* Both sides sleep on semaphores through the want handshake; a tiny ring
 * makes them sleep often. A lost wake-up shows as a 2 s timeout. */
static void test_blocking_handshake(void)
{
	run_stress("blocking spsc", 1, 1, 4, 50000 / RING_TEST_SCALE, 4, true);
	run_stress("blocking mpsc", 3, 1, 4, 20000 / RING_TEST_SCALE, 2, true);
	run_stress("blocking mpmc broadcast", 2, 2, 4, 20000 / RING_TEST_SCALE, 2, true);
}

/* --- The in-image tests, run on the host -------------------------------------
 * kernel/ring/ring_tests.c is linked in with its RK_TEST registrations moved
 * to the "rk_tests" section (see ring_tests.cmake); these stand in for the
 * kernel's runner. */

extern const struct rk_test __start_rk_tests[], __stop_rk_tests[];

/* Called on failures only: each one counts as a failed check. */
void rk_test_fail(const char *file, int line, const char *what)
{
	check_at(false, file, line, "%s", what);
}

void rk_test_fail_eq(const char *file, int line, const char *what, long long a, long long b)
{
	check_eq_at(a, b, file, line, what);
}

static void test_in_image_tests(void)
{
	int n = 0;

	for (const struct rk_test *t = __start_rk_tests; t < __stop_rk_tests; t++, n++) {
		int before = check_failures;
		t->fn();
		printf("  %s %s\n", t->name, check_failures == before ? "ok" : "FAILED");
	}
	CHECK(n >= 8);
}

/* --- Runner ------------------------------------------------------------------ */

struct test_case {
	const char *name;
	void (*fn)(void);
};

#define CASE(fn) { #fn, fn }
static const struct test_case cases[] = {
	CASE(test_init_rejects_bad_config),
	CASE(test_full_empty_single),
	CASE(test_full_empty_multi),
	CASE(test_claim_limits),
	CASE(test_wraparound_single),
	CASE(test_wraparound_multi),
	CASE(test_lap_counter_wrap),
	CASE(test_multi_out_of_order_publish),
	CASE(test_two_consumers_single),
	CASE(test_two_consumers_multi),
	CASE(test_attach_rules),
	CASE(test_want_wake_flags),
	CASE(test_in_image_tests),
	CASE(test_spsc_stress),
	CASE(test_mpsc_stress),
	CASE(test_broadcast_stress),
	CASE(test_blocking_handshake),
};

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	const char *only = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!strstr(cases[i].name, only))
			continue;
		int before = check_failures;
		printf("%s\n", cases[i].name);
		double t0 = now_s();
		cases[i].fn();
		bool ok = check_failures == before;
		printf("%s %s (%.3f s)\n", ok ? "ok" : "FAILED", cases[i].name, now_s() - t0);
		if (ok)
			passed++;
		else
			failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return check_summary("test_ring");
}
