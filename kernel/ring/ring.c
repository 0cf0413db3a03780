/* SPDX-License-Identifier: BSD-2-Clause */
/* rk_ring: lock-free Disruptor-style ring (include/rumpk/ring.h).
 *
 * Memory ordering, in brief. Two things cross between CPUs:
 *
 * 1. A message, producer -> consumer. The producer writes the slot with
 *    plain stores, then publishes with a release store (the cursor of a
 *    single-producer ring, the slot's flag of a multi-producer ring). The
 *    consumer reads that cursor or flag with an acquire load before it
 *    touches the slot, so the slot's contents happen-before its reads.
 *
 * 2. A free slot, consumer -> producer. The consumer reads the slot, then
 *    releases it with a release store of its position. A producer reads the
 *    positions with acquire loads before it reuses a slot of the previous
 *    lap, so the consumer's reads happen-before the producer's overwrite
 *    (this load->store order matters on weakly ordered CPUs: without it an
 *    ARM or RISC-V core could let the new write overtake the old read).
 *    Multiple producers share the lowest position seen through 'gate'; it
 *    is stored with release and loaded with acquire so that happens-before
 *    carries through it to producers that did not read the consumers
 *    themselves. A stale (lower) gate only makes a producer more cautious.
 *
 * Everything else is relaxed: the claim cursor hands out sequence numbers
 * but no data (the CAS only needs atomicity), and each side reads its own
 * cursor. The sleep/wake handshake is the one place that needs sequential
 * consistency: "store my flag, then load the other side's" on both sides is
 * the store-buffering pattern, which only seq_cst fences forbid from
 * missing both stores.
 *
 * Nothing here blocks, allocates or calls the scheduler.
 */
#include <string.h>
#include <rumpk/ring.h>

#define RELAXED memory_order_relaxed
#define ACQUIRE memory_order_acquire
#define RELEASE memory_order_release

/* Lap of a sequence, as stored in a multi-producer slot flag. Truncation to
 * 32 bits is harmless: a consumer asking about sequence s finds either the
 * lap of s or the lap before it in the slot (producers cannot get a whole
 * lap ahead of a consumer), and those differ modulo 2^32. */
static inline uint32_t lap_of(const struct rk_ring *r, uint64_t seq)
{
	return (uint32_t)(seq >> r->lap_shift);
}

bool rk_ring_init(struct rk_ring *r, const struct rk_ring_config *cfg)
{
	uint32_t n = cfg->slot_count;

	/* A uint32_t power of two is at most 2^31, which keeps lap_shift < 32. */
	if (!cfg->slots || cfg->slot_size == 0 || n == 0 || (n & (n - 1)) != 0)
		return false;
	r->slots = cfg->slots;
	r->slot_size = cfg->slot_size;
	r->mask = n - 1;
	/* A loop, not __builtin_ctz: without Zbb, gcc -Os for riscv64 makes
	 * that a libgcc call, and this runs once per ring. */
	r->lap_shift = 0;
	while ((1u << r->lap_shift) < n)
		r->lap_shift++;
	r->slot_count = n;
	r->published = cfg->published;
	r->consumers = NULL;
	r->nconsumers = 0;
	atomic_init(&r->claim, 0);
	atomic_init(&r->gate, 0);
	atomic_init(&r->cursor, 0);
	atomic_init(&r->space_wanted, 0);
	/* Each slot starts as if it held sequence i - n, i.e. lap -1. */
	if (r->published)
		for (uint32_t i = 0; i < n; i++)
			atomic_init(&r->published[i], UINT32_MAX);
	return true;
}

bool rk_ring_consumer_attach(struct rk_ring_consumer *c, struct rk_ring *r)
{
	/* Producers read the consumer list without a lock, so it may only
	 * change while nothing has been produced. This catches a late attach
	 * made by mistake; it is no substitute for ordering set-up before the
	 * threads or fibers that use the ring start. */
	if (atomic_load_explicit(&r->claim, RELAXED) != 0 ||
	    r->nconsumers == RK_RING_MAX_CONSUMERS)
		return false;
	atomic_init(&c->seq, 0);
	atomic_init(&c->wanted, 0);
	c->avail = 0;
	c->ring = r;
	c->index = r->nconsumers++;
	c->next = r->consumers;
	r->consumers = c;
	return true;
}

/* --- Producer --------------------------------------------------------------- */

/* Lowest position over all consumers: every sequence below it has been
 * released by everybody. Acquire: see point 2 at the top. */
static uint64_t min_consumer(const struct rk_ring *r)
{
	const struct rk_ring_consumer *c = r->consumers;
	if (!c)
		return 0;
	uint64_t lo = atomic_load_explicit(&c->seq, ACQUIRE);
	for (c = c->next; c; c = c->next) {
		uint64_t s = atomic_load_explicit(&c->seq, ACQUIRE);
		if (s < lo)
			lo = s;
	}
	return lo;
}

/* Sequences [next, next + n) fit when their slots' previous occupants
 * (next - slot_count ...) are below gate. Written without subtraction so
 * that a gate newer than next cannot underflow. */
static inline bool fits(const struct rk_ring *r, uint64_t next, uint32_t n, uint64_t gate)
{
	return next + n <= gate + r->slot_count;
}

static bool claim_single(struct rk_ring *r, uint32_t n, uint64_t *first)
{
	/* Only this producer writes claim and gate: relaxed is a plain access.
	 * The acquire in min_consumer ordered the consumers' reads before
	 * this thread's later writes, which is all gate has to carry here. */
	uint64_t next = atomic_load_explicit(&r->claim, RELAXED);
	uint64_t gate = atomic_load_explicit(&r->gate, RELAXED);

	if (!fits(r, next, n, gate)) {
		/* Look at the consumers only when the cached view says full:
		 * their cache lines stay put while there is room. */
		gate = min_consumer(r);
		atomic_store_explicit(&r->gate, gate, RELAXED);
		if (!fits(r, next, n, gate))
			return false;
	}
	atomic_store_explicit(&r->claim, next + n, RELAXED);
	*first = next;
	return true;
}

static bool claim_multi(struct rk_ring *r, uint32_t n, uint64_t *first)
{
	uint64_t next = atomic_load_explicit(&r->claim, RELAXED);

	/* A CAS, not fetch_add: a non-blocking claim must be able to fail
	 * without having taken sequences it would then owe a publish for. */
	do {
		uint64_t gate = atomic_load_explicit(&r->gate, ACQUIRE);
		if (!fits(r, next, n, gate)) {
			gate = min_consumer(r);
			atomic_store_explicit(&r->gate, gate, RELEASE);
			/* 'next' may be stale, but claim only grows, so a
			 * stale next that does not fit means full now too. */
			if (!fits(r, next, n, gate))
				return false;
		}
	} while (!atomic_compare_exchange_weak_explicit(&r->claim, &next, next + n, RELAXED,
							  RELAXED));
	*first = next;
	return true;
}

bool rk_ring_try_claim(struct rk_ring *r, uint32_t n, uint64_t *first)
{
	if (n == 0 || n > r->slot_count)
		return false;
	return r->published ? claim_multi(r, n, first) : claim_single(r, n, first);
}

void rk_ring_publish(struct rk_ring *r, uint64_t first, uint32_t n)
{
	if (!r->published) {
		/* One store publishes the whole batch (point 1). */
		atomic_store_explicit(&r->cursor, first + n, RELEASE);
		return;
	}
	/* Producers finish out of order, so a shared cursor cannot say which
	 * slots are complete; each slot says it for itself. A release store
	 * per slot (rather than one fence and relaxed stores) keeps the
	 * argument visible to ThreadSanitizer and costs the same on x86. */
	for (uint32_t i = 0; i < n; i++) {
		uint64_t s = first + i;
		atomic_store_explicit(&r->published[s & r->mask], lap_of(r, s), RELEASE);
	}
}

bool rk_ring_try_push(struct rk_ring *r, const void *msg, size_t len)
{
	uint64_t s;

	if (len > r->slot_size || !rk_ring_try_claim(r, 1, &s))
		return false;
	memcpy(rk_ring_slot(r, s), msg, len);
	rk_ring_publish(r, s, 1);
	return true;
}

/* --- Consumer ---------------------------------------------------------------- */

/* Extend the known-published run [seq, avail) as far as the producers have
 * got, looking at no more than needed to reach max messages. */
static uint64_t refresh_avail(const struct rk_ring *r, uint64_t seq, uint64_t avail, uint32_t max)
{
	if (!r->published)
		return atomic_load_explicit(&r->cursor, ACQUIRE);
	/* Stop at the first slot whose flag is not this lap's. The scan
	 * cannot run past seq + slot_count: that slot is seq's own, whose
	 * flag still holds seq's lap. */
	while (avail - seq < max &&
	       atomic_load_explicit(&r->published[avail & r->mask], ACQUIRE) == lap_of(r, avail))
		avail++;
	return avail;
}

uint32_t rk_ring_poll(struct rk_ring_consumer *c, uint32_t max, uint64_t *first)
{
	/* Only this consumer writes seq and avail. */
	uint64_t seq = atomic_load_explicit(&c->seq, RELAXED);
	uint64_t avail = c->avail;

	/* Go to the producers' cache lines only when what is already known
	 * to be published does not fill the batch. */
	if (avail - seq < max) {
		avail = refresh_avail(c->ring, seq, avail, max);
		c->avail = avail;
	}
	*first = seq;
	return avail - seq < max ? (uint32_t)(avail - seq) : max;
}

void rk_ring_release(struct rk_ring_consumer *c, uint32_t n)
{
	uint64_t seq = atomic_load_explicit(&c->seq, RELAXED) + n;

	/* Keep seq <= avail even if a caller releases more than it polled
	 * (a bug in the caller, but it must not make poll underflow). */
	if (c->avail < seq)
		c->avail = seq;
	/* Point 2: the reads of the batch are done before producers may
	 * reuse its slots. */
	atomic_store_explicit(&c->seq, seq, RELEASE);
}

bool rk_ring_try_pop(struct rk_ring_consumer *c, void *msg, size_t len)
{
	uint64_t s;

	if (len > c->ring->slot_size || rk_ring_poll(c, 1, &s) == 0)
		return false;
	memcpy(msg, rk_ring_slot(c->ring, s), len);
	rk_ring_release(c, 1);
	return true;
}

bool rk_ring_empty(struct rk_ring_consumer *c)
{
	uint64_t s;
	return rk_ring_poll(c, 1, &s) == 0;
}

/* --- Sleep/wake handshake -----------------------------------------------------
 * Sleeper: store want flag; fence; look at the ring again.
 * Waker:   change the ring (publish or release); fence; look at want flag.
 * With a seq_cst fence on each side, one of the two later loads must see the
 * other side's store: either the sleeper finds the new state and does not
 * sleep, or the waker finds the flag and wakes it. The exchange hands each
 * want to exactly one waker, so concurrent producers do not all signal. */

void rk_ring_consumer_want(struct rk_ring_consumer *c)
{
	atomic_store_explicit(&c->wanted, 1, RELAXED);
	atomic_thread_fence(memory_order_seq_cst);
}

uint32_t rk_ring_wake_consumers(struct rk_ring *r)
{
	uint32_t bits = 0;

	atomic_thread_fence(memory_order_seq_cst);
	for (struct rk_ring_consumer *c = r->consumers; c; c = c->next)
		/* Test before exchange: the common answer is "nobody sleeps",
		 * and a load keeps the line shared instead of stealing it. */
		if (atomic_load_explicit(&c->wanted, RELAXED) &&
		    atomic_exchange_explicit(&c->wanted, 0, RELAXED))
			bits |= rk_ring_consumer_bit(c);
	return bits;
}

void rk_ring_producer_want(struct rk_ring *r)
{
	atomic_store_explicit(&r->space_wanted, 1, RELAXED);
	atomic_thread_fence(memory_order_seq_cst);
}

bool rk_ring_wake_producers(struct rk_ring *r)
{
	atomic_thread_fence(memory_order_seq_cst);
	return atomic_load_explicit(&r->space_wanted, RELAXED) &&
	       atomic_exchange_explicit(&r->space_wanted, 0, RELAXED);
}
