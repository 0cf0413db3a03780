/* SPDX-License-Identifier: BSD-2-Clause */
/* Cadence GEM descriptor rings: see gem_ring.h. The fences order the
 * driver's descriptor and buffer accesses against the device's DMA, which
 * is cache-coherent on the boards this runs on (FU540, QEMU). */
#include <stdatomic.h>
#include "gem_ring.h"

void gem_rx_init(struct gem_rx_ring *r, struct gem_desc *d, unsigned n, uint32_t buf,
		 uint32_t bufsize)
{
	r->d = d;
	r->n = n;
	r->head = 0;
	for (unsigned i = 0; i < n; i++) {
		d[i].ctrl = 0;
		d[i].addr = (buf + i * bufsize) | (i == n - 1 ? GEM_RX_WRAP : 0);
	}
	atomic_thread_fence(memory_order_release);
}

bool gem_rx_peek(const struct gem_rx_ring *r, unsigned *idx, unsigned *len)
{
	const struct gem_desc *d = &r->d[r->head];

	if (!(d->addr & GEM_RX_OWNED))
		return false;
	/* The status word and the buffer are read after the ownership bit. */
	atomic_thread_fence(memory_order_acquire);
	uint32_t st = d->ctrl;
	*idx = r->head;
	*len = (st & (GEM_RX_SOF | GEM_RX_EOF)) == (GEM_RX_SOF | GEM_RX_EOF) ? st & GEM_RX_LEN : 0;
	return true;
}

void gem_rx_release(struct gem_rx_ring *r)
{
	struct gem_desc *d = &r->d[r->head];

	d->ctrl = 0;
	/* Done with the buffer and the status before the device may refill. */
	atomic_thread_fence(memory_order_release);
	d->addr &= ~GEM_RX_OWNED;
	r->head = r->head + 1 == r->n ? 0 : r->head + 1;
}

bool gem_rx_has_free(const struct gem_rx_ring *r)
{
	return !(r->d[r->head ? r->head - 1 : r->n - 1].addr & GEM_RX_OWNED);
}

void gem_tx_init(struct gem_tx_ring *r, struct gem_desc *d, unsigned n)
{
	r->d = d;
	r->n = n;
	r->head = r->tail = r->inflight = 0;
	for (unsigned i = 0; i < n; i++) {
		d[i].addr = 0;
		d[i].ctrl = GEM_TX_USED | (i == n - 1 ? GEM_TX_WRAP : 0);
	}
	atomic_thread_fence(memory_order_release);
}

unsigned gem_tx_reclaim(struct gem_tx_ring *r)
{
	unsigned done = 0;

	while (r->inflight && (r->d[r->tail].ctrl & GEM_TX_USED)) {
		r->tail = r->tail + 1 == r->n ? 0 : r->tail + 1;
		r->inflight--;
		done++;
	}
	/* The buffers are reused only after the device has read them. */
	atomic_thread_fence(memory_order_acquire);
	return done;
}

int gem_tx_slot(const struct gem_tx_ring *r)
{
	return r->inflight + 1 >= r->n ? -1 : (int)r->head;
}

void gem_tx_queue(struct gem_tx_ring *r, uint32_t addr, unsigned len)
{
	struct gem_desc *d = &r->d[r->head];
	uint32_t wrap = r->head == r->n - 1 ? GEM_TX_WRAP : 0;

	d->addr = addr;
	/* Word 1 with used still set, then, after the frame and word 0 are
	 * visible, the same word without it. */
	d->ctrl = GEM_TX_USED | wrap | GEM_TX_LAST | (len & GEM_TX_LEN);
	atomic_thread_fence(memory_order_release);
	d->ctrl = wrap | GEM_TX_LAST | (len & GEM_TX_LEN);
	r->head = r->head + 1 == r->n ? 0 : r->head + 1;
	r->inflight++;
}
