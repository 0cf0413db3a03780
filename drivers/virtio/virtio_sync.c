/* SPDX-License-Identifier: BSD-2-Clause */
/* Blocking requests: the submitting fiber sleeps on a semaphore that the
 * interrupt handler posts, or polls the used ring itself in polled mode.
 * Sleeping waits are bounded so that a request still completes if the
 * queue is switched to polling under it or an interrupt goes missing. */
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/sync.h>
#include "virtio_internal.h"
#include "virtio_sync.h"

/* How long a sleeping waiter trusts the interrupt before polling once. */
#define RESCUE_POLL_NS (20 * RK_NSEC_PER_MSEC)

struct req {
	volatile bool done;
	uint32_t len;
	struct rk_sem sem;
};

void virtio_syncq_init(struct virtio_syncq *q, struct virtq *vq)
{
	q->vq = vq;
	rk_waitq_init(&q->room);
	virtio_syncq_set_polled(q, virtio_default_polled());
}

/* Interrupts masked. */
static unsigned reap(struct virtio_syncq *q)
{
	struct req *r;
	uint32_t len;
	unsigned n = 0;

	while ((r = virtq_get(q->vq, &len)) != NULL) {
		r->len = len;
		r->done = true;
		rk_sem_post(&r->sem);
		n++;
	}
	if (n) {
		q->completions += n;
		rk_waitq_wake_all(&q->room);
	}
	return n;
}

void virtio_syncq_interrupt(struct virtio_syncq *q)
{
	q->irq_completions += reap(q);
}

void virtio_syncq_set_polled(struct virtio_syncq *q, bool polled)
{
	unsigned long flags = arch_irq_save();
	q->polled = polled;
	if (polled)
		virtq_disable_cb(q->vq);
	else if (!virtq_enable_cb(q->vq))
		reap(q); /* completions that came while interrupts were off */
	arch_irq_restore(flags);
}

int virtio_syncq_run(struct virtio_syncq *q, const struct virtq_buf *bufs, unsigned nout,
		     unsigned nin, uint32_t *len)
{
	struct req r = { .done = false };

	if (nout + nin > q->vq->num)
		return -RK_EINVAL;
	rk_sem_init(&r.sem, 0);
	unsigned long flags = arch_irq_save();
	while (virtq_add(q->vq, bufs, nout, nin, &r) == -RK_EAGAIN)
		if (!reap(q))
			rk_waitq_wait_locked(&q->room, RESCUE_POLL_NS);
	virtq_kick(q->vq);
	arch_irq_restore(flags);

	while (!r.done) {
		if (q->polled || rk_sem_wait(&r.sem, RESCUE_POLL_NS) == -RK_ETIMEDOUT) {
			flags = arch_irq_save();
			q->polls++;
			reap(q);
			arch_irq_restore(flags);
			if (!r.done && q->polled)
				rk_yield();
		}
	}
	if (len)
		*len = r.len;
	return 0;
}
