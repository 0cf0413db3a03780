/* SPDX-License-Identifier: BSD-2-Clause */
/* N client fibers ping-pong with one server fiber through Disruptor rings:
 * clients share one multi-producer request ring, the server answers each on
 * the client's own single-producer reply ring, and everybody sleeps on
 * rk_event bits through the ring's want/wake handshake when there is
 * nothing to do. Runs under both scheduler policies. */
#include <rumpk/fiber.h>
#include <rumpk/ring.h>
#include <rumpk/sync.h>
#include <rumpk/test.h>

#define CLIENTS 4
#define ROUNDS 500
#define SLOTS 16

struct msg {
	uint32_t client;
	uint32_t seq;
	uint64_t payload;
};

static struct msg req_slots[SLOTS];
static rk_ring_flag_t req_flags[SLOTS];
static struct rk_ring req_ring;
static struct rk_ring_consumer req_rx;
static struct rk_event req_ev;   /* server's wake-up bit */
static struct rk_event space_ev; /* bit 0: request ring has space */

static struct msg rep_slots[CLIENTS][SLOTS];
static struct rk_ring rep_ring[CLIENTS];
static struct rk_ring_consumer rep_rx[CLIENTS];
static struct rk_event rep_ev[CLIENTS];

static int bad_replies, served;

static void send_request(const struct msg *m)
{
	while (!rk_ring_try_push(&req_ring, m, sizeof(*m))) {
		rk_ring_producer_want(&req_ring);
		if (rk_ring_try_push(&req_ring, m, sizeof(*m)))
			break;
		rk_event_wait(&space_ev, 1, RK_EVENT_ANY | RK_EVENT_CLEAR, 0, 0);
	}
	uint32_t wake = rk_ring_wake_consumers(&req_ring);
	if (wake)
		rk_event_set(&req_ev, wake);
}

static void receive(struct rk_ring_consumer *rx, struct rk_event *ev, struct msg *out)
{
	uint32_t bit = rk_ring_consumer_bit(rx);
	while (!rk_ring_try_pop(rx, out, sizeof(*out))) {
		rk_ring_consumer_want(rx);
		if (rk_ring_try_pop(rx, out, sizeof(*out)))
			return;
		rk_event_wait(ev, bit, RK_EVENT_ANY | RK_EVENT_CLEAR, 0, 0);
	}
}

static void client(void *arg)
{
	uint32_t id = (uint32_t)(uintptr_t)arg;
	struct msg m, r;

	for (uint32_t i = 0; i < ROUNDS; i++) {
		m = (struct msg){ id, i, ((uint64_t)id << 32) | i };
		send_request(&m);
		receive(&rep_rx[id], &rep_ev[id], &r);
		if (r.client != id || r.seq != i || r.payload != ~m.payload)
			bad_replies++;
	}
}

static void server(void *arg)
{
	uint32_t bit = rk_ring_consumer_bit(&req_rx);

	while (served < CLIENTS * ROUNDS) {
		uint64_t first;
		uint32_t n = rk_ring_poll(&req_rx, UINT32_MAX, &first);
		if (!n) {
			rk_ring_consumer_want(&req_rx);
			if (rk_ring_empty(&req_rx))
				rk_event_wait(&req_ev, bit, RK_EVENT_ANY | RK_EVENT_CLEAR, 0, 0);
			continue;
		}
		/* Batch consume: answer everything that arrived, release once. */
		for (uint32_t i = 0; i < n; i++) {
			const struct msg *q = rk_ring_slot(&req_ring, first + i);
			struct msg a = { q->client, q->seq, ~q->payload };
			while (!rk_ring_try_push(&rep_ring[q->client], &a, sizeof(a)))
				rk_yield(); /* the client drains its reply ring soon */
			uint32_t wake = rk_ring_wake_consumers(&rep_ring[q->client]);
			if (wake)
				rk_event_set(&rep_ev[q->client], wake);
		}
		served += (int)n;
		rk_ring_release(&req_rx, n);
		if (rk_ring_wake_producers(&req_ring))
			rk_event_set(&space_ev, 1);
	}
}

RK_TEST(ring_fibers_ping_pong)
{
	struct rk_fiber *f[CLIENTS + 1];

	bad_replies = served = 0;
	RK_EXPECT(rk_ring_init(&req_ring, &(struct rk_ring_config){ req_slots, sizeof(struct msg), SLOTS, req_flags }));
	RK_EXPECT(rk_ring_consumer_attach(&req_rx, &req_ring));
	rk_event_init(&req_ev);
	rk_event_init(&space_ev);
	for (int c = 0; c < CLIENTS; c++) {
		RK_EXPECT(rk_ring_init(&rep_ring[c], &(struct rk_ring_config){ rep_slots[c], sizeof(struct msg), SLOTS, 0 }));
		RK_EXPECT(rk_ring_consumer_attach(&rep_rx[c], &rep_ring[c]));
		rk_event_init(&rep_ev[c]);
	}
	f[CLIENTS] = rk_fiber_create("server", server, 0, 0);
	for (int c = 0; c < CLIENTS; c++)
		f[c] = rk_fiber_create("client", client, (void *)(uintptr_t)c, 0);
	for (int i = 0; i <= CLIENTS; i++)
		RK_EXPECT_EQ(rk_fiber_join(f[i]), 0);
	RK_EXPECT_EQ(served, CLIENTS * ROUNDS);
	RK_EXPECT_EQ(bad_replies, 0);
}
