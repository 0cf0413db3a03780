/* SPDX-License-Identifier: BSD-2-Clause */
/* rk_ring: a lock-free Disruptor-style ring for messages between fibers, and
 * from interrupt handlers to fibers.
 *
 * The ring is a power-of-two array of fixed-size slots in storage the caller
 * supplies (no heap). Every message has a 64-bit sequence number; slot i of
 * the array holds sequences i, i + size, i + 2*size, ... Sequences never wrap
 * in practice (2^64 messages at 1e9/s is 584 years).
 *
 * Producers claim sequences, fill the slots in place and publish them.
 * Consumers poll for the run of published sequences after the last one they
 * released, process that batch in place, and release it with one store. A
 * producer may only reuse a slot once every attached consumer has released
 * it, so each consumer sees every message (broadcast, as in the LMAX
 * Disruptor); give each consumer its own ring for work sharing.
 *
 *   single producer   one fiber or one interrupt handler produces (no RMW
 *                     atomics at all; publish is one release store)
 *   multi producer    any number of producers, including an interrupt
 *                     handler interrupting a producing fiber; claim is a CAS
 *                     and each slot carries a published flag
 *
 * Typical use (single producer, one consumer, 64 slots of struct msg):
 *
 *     static struct msg slots[64];
 *     static struct rk_ring ring;
 *     static struct rk_ring_consumer rx;
 *     rk_ring_init(&ring, &(struct rk_ring_config){ slots, sizeof(slots[0]), 64, NULL });
 *     rk_ring_consumer_attach(&rx, &ring);
 *
 *     producer:  uint64_t s;
 *                if (rk_ring_try_claim(&ring, 1, &s)) {
 *                        struct msg *m = rk_ring_slot(&ring, s);  ... fill *m ...
 *                        rk_ring_publish(&ring, s, 1);
 *                }
 *     consumer:  uint64_t first;
 *                uint32_t n = rk_ring_poll(&rx, UINT32_MAX, &first);
 *                for (uint32_t i = 0; i < n; i++) handle(rk_ring_slot(&ring, first + i));
 *                rk_ring_release(&rx, n);
 *
 * For multiple producers pass an array of slot_count rk_ring_flag_t as
 * 'published' in the config.
 *
 * Blocking. The ring never blocks and never calls the scheduler, so it runs
 * unchanged in host tests. To let a consumer sleep on an rk_event or rk_sem
 * (include/rumpk/sync.h) without lost wake-ups, use the "want" handshake:
 *
 *   consumer rx:                         producer, after publishing:
 *     uint32_t bit = rk_ring_consumer_bit(&rx);
 *     while (!(n = rk_ring_poll(...))) {   uint32_t m = rk_ring_wake_consumers(&ring);
 *             rk_ring_consumer_want(&rx);  if (m)
 *             if ((n = rk_ring_poll(...)))         rk_event_set(&ev, m);
 *                     break;
 *             rk_event_wait(&ev, bit, RK_EVENT_ANY | RK_EVENT_CLEAR, 0, NULL);
 *     }
 *
 * Either the consumer's second poll sees the message or the producer sees
 * the want flag (both sides put a full fence between their store and their
 * load), so the consumer never sleeps on a non-empty ring. Wake-ups can be
 * spurious: always poll again after waking. rk_event_set and rk_sem_post are
 * safe in interrupt handlers, so an interrupt handler may be the producer.
 * Each consumer has its own bit (in attach order), so consumers sharing one
 * rk_event never clear each other's wake-up. A producer waiting for space
 * does the same with rk_ring_producer_want() and a retry of try_claim; the
 * consumer calls rk_ring_wake_producers() after rk_ring_release(). Rings
 * whose peers never sleep skip these calls and pay nothing for them.
 */
#ifndef RUMPK_RING_H
#define RUMPK_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Cursors written by different CPUs sit on separate lines of this size so
 * that a producer's stores do not invalidate the line a consumer is
 * spinning on, and vice versa (false sharing). */
#ifdef CONFIG_RING_CACHE_LINE
#define RK_RING_CACHE_LINE CONFIG_RING_CACHE_LINE
#else
#define RK_RING_CACHE_LINE 64
#endif
_Static_assert((RK_RING_CACHE_LINE & (RK_RING_CACHE_LINE - 1)) == 0 &&
		       RK_RING_CACHE_LINE >= 16,
	       "RK_RING_CACHE_LINE must be a power of two of at least 16");
#define RK_RING_ALIGNED _Alignas(RK_RING_CACHE_LINE)

/* Per-slot published flag of a multi-producer ring: the "lap" (sequence /
 * slot_count, truncated to 32 bits) of the message last published in the
 * slot. */
typedef _Atomic uint32_t rk_ring_flag_t;

struct rk_ring_config {
	void *slots;              /* slot_count * slot_size bytes */
	size_t slot_size;         /* bytes per slot, also the stride */
	uint32_t slot_count;      /* a power of two, 1 .. 2^31 */
	rk_ring_flag_t *published;/* slot_count flags: multi producer; NULL: single */
};

struct rk_ring_consumer;

/* Consumers per ring: one wake-up bit each in a uint32_t. */
#define RK_RING_MAX_CONSUMERS 32

struct rk_ring {
	/* Set by rk_ring_init / attach, read-only while the ring is in use. */
	unsigned char *slots;
	size_t slot_size;
	uint64_t mask;            /* slot_count - 1 */
	unsigned lap_shift;       /* log2(slot_count) */
	uint32_t slot_count;
	rk_ring_flag_t *published;/* NULL for a single-producer ring */
	struct rk_ring_consumer *consumers;
	unsigned nconsumers;

	/* Producer side: the next sequence to claim, and the lowest consumer
	 * position last seen (every slot below gate + slot_count is free).
	 * Private to the producer of a single-producer ring. */
	RK_RING_ALIGNED _Atomic uint64_t claim;
	_Atomic uint64_t gate;

	/* Single producer only: every sequence below it is published. */
	RK_RING_ALIGNED _Atomic uint64_t cursor;

	/* Set by a producer about to sleep for space (rarely written, so it
	 * stays shared in every cache that checks it). */
	RK_RING_ALIGNED _Atomic uint32_t space_wanted;
};

struct rk_ring_consumer {
	/* Every sequence below seq has been released by this consumer. Read
	 * by producers (with next and index, fixed at attach) when their
	 * cached gate runs out. */
	RK_RING_ALIGNED _Atomic uint64_t seq;
	struct rk_ring_consumer *next;
	unsigned index;           /* attach order: 0, 1, ... */

	/* Consumer-private: [seq, avail) is known to be published. */
	RK_RING_ALIGNED uint64_t avail;
	struct rk_ring *ring;

	/* Set by this consumer when it is about to sleep. */
	RK_RING_ALIGNED _Atomic uint32_t wanted;
};

/* --- Set-up (before any producer or consumer runs) ------------------------ */
/* Initialise r over the caller's storage. false when slot_count is not a
 * power of two in range, slot_size is 0, or slots is NULL. */
bool rk_ring_init(struct rk_ring *r, const struct rk_ring_config *cfg);
/* Attach consumer c to r, starting at sequence 0. Attach every consumer
 * before the first claim; returns false if the ring is already in use or
 * has RK_RING_MAX_CONSUMERS. A ring without consumers holds slot_count
 * messages, then reports full. The ring reaches other CPUs, fibers or
 * interrupt handlers through whatever starts them (thread or fiber
 * creation, enabling the interrupt), which orders this set-up first. */
bool rk_ring_consumer_attach(struct rk_ring_consumer *c, struct rk_ring *r);

static inline uint32_t rk_ring_capacity(const struct rk_ring *r) { return r->slot_count; }

/* The slot of sequence seq. Valid for a producer between claim and publish,
 * and for a consumer between poll and release. */
static inline void *rk_ring_slot(const struct rk_ring *r, uint64_t seq)
{
	return r->slots + (size_t)(seq & r->mask) * r->slot_size;
}

/* --- Producer --------------------------------------------------------------- */
/* On a single-producer ring only one fiber or handler may produce at a
 * time; the claim cursor is then its private state. */
/* Claim n (1 .. slot_count) consecutive sequences; the first is stored in
 * *first. false, claiming nothing, when fewer than n slots are free. */
bool rk_ring_try_claim(struct rk_ring *r, uint32_t n, uint64_t *first);
/* Make claimed sequences [first, first + n) visible to consumers. Every
 * claimed sequence must be published: by a single producer in claim order;
 * on a multi-producer ring in any order, and consumers see a sequence only
 * once every sequence before it is published too. */
void rk_ring_publish(struct rk_ring *r, uint64_t first, uint32_t n);
/* Claim one slot, copy len (<= slot_size) bytes of msg into it, publish. */
bool rk_ring_try_push(struct rk_ring *r, const void *msg, size_t len);

/* --- Consumer -------------------------------------------------------------- */
/* A consumer handle belongs to one fiber (or handler) at a time: its
 * position is private state, not shared between consumers. */
/* Number of published, unreleased messages from the consumer's position, at
 * most max; the first one's sequence is stored in *first. 0 when empty.
 * Polling again before releasing returns the same first sequence. */
uint32_t rk_ring_poll(struct rk_ring_consumer *c, uint32_t max, uint64_t *first);
/* Give the first n (<= the last poll's count) polled slots back to the
 * producers. Their contents must not be touched afterwards. */
void rk_ring_release(struct rk_ring_consumer *c, uint32_t n);
/* Copy the next message's first len (<= slot_size) bytes out and release
 * it. false when empty. */
bool rk_ring_try_pop(struct rk_ring_consumer *c, void *msg, size_t len);
/* True when rk_ring_poll would return 0. */
bool rk_ring_empty(struct rk_ring_consumer *c);

/* --- Sleep/wake handshake (see the comment at the top) ----------------------- */
/* Each want is taken by exactly one waker call, which then owes a wake-up. */

/* The wake-up bit of consumer c: 1 << its attach index. */
static inline uint32_t rk_ring_consumer_bit(const struct rk_ring_consumer *c)
{
	return (uint32_t)1 << c->index;
}
/* Consumer c is about to sleep: poll once more after this, then sleep. */
void rk_ring_consumer_want(struct rk_ring_consumer *c);
/* After publishing: the bits of the consumers to wake (0: none). Set them
 * in an rk_event where each consumer waits on its own bit, or post each
 * consumer's own rk_sem. */
uint32_t rk_ring_wake_consumers(struct rk_ring *r);
/* A producer is about to sleep for space: try_claim once more, then sleep. */
void rk_ring_producer_want(struct rk_ring *r);
/* After releasing: whether producers wanted a wake-up. They share one flag,
 * so wake every producer that may be asleep: rk_waitq_wake_all, or one
 * rk_sem_post per such producer. Not one rk_event bit waited on with
 * RK_EVENT_CLEAR by several producers: the first to run clears it for all. */
bool rk_ring_wake_producers(struct rk_ring *r);

#endif
