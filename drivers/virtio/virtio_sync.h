/* SPDX-License-Identifier: BSD-2-Clause */
/* Blocking request/response on a virtqueue, for devices whose users wait
 * for each request (virtio-blk, virtio-rng). Many fibers may wait on one
 * queue; completions are matched to their requests through the cookie. */
#ifndef VIRTIO_SYNC_H
#define VIRTIO_SYNC_H

#include <stdbool.h>
#include <stdint.h>
#include "virtqueue.h"

struct virtio_syncq {
	struct virtq *vq;
	bool polled;             /* waiters poll instead of sleeping */
	struct rk_waitq room;    /* fibers waiting for free descriptors */
	uint64_t completions, irq_completions, polls;
};

/* Set up on a created queue, in the mode virtio_default_polled() says. */
void virtio_syncq_init(struct virtio_syncq *q, struct virtq *vq);
/* Submit one request and block until the device has used it; *len gets
 * the bytes the device wrote. 0, or -RK_EINVAL for a request that cannot
 * fit in the queue at all. */
int virtio_syncq_run(struct virtio_syncq *q, const struct virtq_buf *bufs, unsigned nout,
		     unsigned nin, uint32_t *len);
/* From the device's interrupt handler: complete what the device used. */
void virtio_syncq_interrupt(struct virtio_syncq *q);
void virtio_syncq_set_polled(struct virtio_syncq *q, bool polled);

#endif
