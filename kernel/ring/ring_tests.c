/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image tests of rk_ring: the single-fiber semantics, compiled by the
 * kernel's own compiler and flags for each architecture (the host unit test
 * test/unit/test_ring.c covers the threaded cases). */
#include <rumpk/ring.h>
#include <rumpk/test.h>

/* Storage for every test below; each test re-initialises the ring. */
static uint32_t slots[8];
static rk_ring_flag_t flags[8];
static struct rk_ring ring;
static struct rk_ring_consumer rx, rx2;

static void setup(uint32_t count, bool multi, int consumers)
{
	struct rk_ring_config cfg = { slots, sizeof(slots[0]), count, multi ? flags : NULL };

	RK_EXPECT(rk_ring_init(&ring, &cfg));
	if (consumers > 0)
		RK_EXPECT(rk_ring_consumer_attach(&rx, &ring));
	if (consumers > 1)
		RK_EXPECT(rk_ring_consumer_attach(&rx2, &ring));
}

RK_TEST(ring_init_checks_config)
{
	RK_EXPECT(!rk_ring_init(&ring, &(struct rk_ring_config){ slots, 4, 6, NULL }));
	RK_EXPECT(!rk_ring_init(&ring, &(struct rk_ring_config){ slots, 4, 0, NULL }));
	RK_EXPECT(!rk_ring_init(&ring, &(struct rk_ring_config){ slots, 0, 8, NULL }));
	RK_EXPECT(!rk_ring_init(&ring, &(struct rk_ring_config){ NULL, 4, 8, NULL }));
	RK_EXPECT(rk_ring_init(&ring, &(struct rk_ring_config){ slots, 4, 8, NULL }));
	RK_EXPECT_EQ(rk_ring_capacity(&ring), 8);
	/* The cursors really sit on separate cache lines. */
	RK_EXPECT_EQ((uintptr_t)&ring.claim % RK_RING_CACHE_LINE, 0);
	RK_EXPECT((uintptr_t)&ring.cursor - (uintptr_t)&ring.claim >= RK_RING_CACHE_LINE);
}

static void full_empty(bool multi)
{
	uint64_t s, first;
	uint32_t v;

	setup(4, multi, 1);
	RK_EXPECT(rk_ring_empty(&rx));
	for (v = 0; v < 4; v++)
		RK_EXPECT(rk_ring_try_push(&ring, &v, sizeof(v)));
	RK_EXPECT(!rk_ring_try_push(&ring, &v, sizeof(v)));
	RK_EXPECT_EQ(rk_ring_poll(&rx, 3, &first), 3);
	RK_EXPECT_EQ(rk_ring_poll(&rx, 8, &first), 4); /* idempotent until release */
	RK_EXPECT_EQ(first, 0);
	rk_ring_release(&rx, 1);
	RK_EXPECT(rk_ring_try_claim(&ring, 1, &s));
	RK_EXPECT_EQ(s, 4);
	RK_EXPECT(!rk_ring_try_claim(&ring, 1, &s));
	*(uint32_t *)rk_ring_slot(&ring, s) = 4;
	RK_EXPECT_EQ(rk_ring_poll(&rx, 8, &first), 3); /* 4 is not published yet */
	rk_ring_publish(&ring, s, 1);
	RK_EXPECT_EQ(rk_ring_poll(&rx, 8, &first), 4);
	for (uint32_t i = 0; i < 4; i++) {
		RK_EXPECT(rk_ring_try_pop(&rx, &v, sizeof(v)));
		RK_EXPECT_EQ(v, i + 1);
	}
	RK_EXPECT(rk_ring_empty(&rx));
}

RK_TEST(ring_full_empty_single_producer) { full_empty(false); }
RK_TEST(ring_full_empty_multi_producer) { full_empty(true); }

/* Random batch sizes on both sides across thousands of laps. */
static void wraparound(bool multi)
{
	uint32_t rng = 12345, sent = 0, got = 0, bad = 0;
	const uint32_t total = 20000;

	setup(8, multi, 1);
	while (got < total) {
		uint64_t s;
		rng = rng * 1103515245u + 12345u;
		uint32_t k = 1 + (rng >> 16) % 8, m = 1 + (rng >> 20) % 9;
		if (k > total - sent)
			k = total - sent;
		if (k && rk_ring_try_claim(&ring, k, &s)) {
			for (uint32_t i = 0; i < k; i++)
				*(uint32_t *)rk_ring_slot(&ring, s + i) = sent++;
			rk_ring_publish(&ring, s, k);
		}
		uint32_t n = rk_ring_poll(&rx, m, &s);
		if (n > m)
			bad++;
		for (uint32_t i = 0; i < n; i++)
			if (*(uint32_t *)rk_ring_slot(&ring, s + i) != got++)
				bad++;
		rk_ring_release(&rx, n);
	}
	RK_EXPECT_EQ(bad, 0);
	RK_EXPECT_EQ(sent, total);
	RK_EXPECT(rk_ring_empty(&rx));
}

RK_TEST(ring_wraparound_single_producer) { wraparound(false); }
RK_TEST(ring_wraparound_multi_producer) { wraparound(true); }

RK_TEST(ring_multi_producer_publish_order)
{
	uint64_t a, b, first;

	setup(8, true, 1);
	RK_EXPECT(rk_ring_try_claim(&ring, 2, &a));
	RK_EXPECT(rk_ring_try_claim(&ring, 3, &b));
	rk_ring_publish(&ring, b, 3);
	RK_EXPECT_EQ(rk_ring_poll(&rx, 8, &first), 0); /* a is still being written */
	rk_ring_publish(&ring, a, 2);
	RK_EXPECT_EQ(rk_ring_poll(&rx, 8, &first), 5);
}

RK_TEST(ring_slowest_consumer_gates)
{
	uint32_t v = 7;
	uint64_t s, first;

	setup(2, false, 2);
	RK_EXPECT(rk_ring_try_push(&ring, &v, sizeof(v)));
	RK_EXPECT(rk_ring_try_push(&ring, &v, sizeof(v)));
	RK_EXPECT(rk_ring_try_pop(&rx, &v, sizeof(v)));
	RK_EXPECT(!rk_ring_try_claim(&ring, 1, &s)); /* rx2 still holds slot 0 */
	RK_EXPECT_EQ(rk_ring_poll(&rx2, 2, &first), 2);
	rk_ring_release(&rx2, 2);
	RK_EXPECT(rk_ring_try_claim(&ring, 1, &s));
	RK_EXPECT(!rk_ring_consumer_attach(&rx2, &ring)); /* too late */
}

RK_TEST(ring_want_wake_handshake)
{
	setup(4, false, 2);
	RK_EXPECT_EQ(rk_ring_wake_consumers(&ring), 0);
	rk_ring_consumer_want(&rx2);
	RK_EXPECT_EQ(rk_ring_wake_consumers(&ring), rk_ring_consumer_bit(&rx2));
	RK_EXPECT_EQ(rk_ring_wake_consumers(&ring), 0); /* taken once */
	rk_ring_consumer_want(&rx);
	rk_ring_consumer_want(&rx2);
	RK_EXPECT_EQ(rk_ring_wake_consumers(&ring), 3);
	RK_EXPECT(!rk_ring_wake_producers(&ring));
	rk_ring_producer_want(&ring);
	RK_EXPECT(rk_ring_wake_producers(&ring));
	RK_EXPECT(!rk_ring_wake_producers(&ring));
}
