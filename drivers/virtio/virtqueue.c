/* SPDX-License-Identifier: BSD-2-Clause */
/* Split virtqueue: descriptor free list, available ring publishing with
 * notification suppression, used ring consumption with interrupt
 * suppression (flags, or used_event/avail_event with EVENT_IDX). */
#include <string.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include "virtio_barrier.h"
#include "virtio_internal.h"
#include "virtqueue.h"

#define VQ_MAX_NUM 32768 /* the spec's largest split queue */

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

struct virtq *virtq_create(struct virtio_dev *d, unsigned index, unsigned max_num)
{
	unsigned num = d->tr->queue_max(d, index);

	if (num == 0) {
		printk("virtio: %s: queue %u does not exist\n", d->name, index);
		return NULL;
	}
	if (num > max_num)
		num = max_num;
	if (num > VQ_MAX_NUM)
		num = VQ_MAX_NUM;
	while (num & (num - 1)) /* split rings of mmio may be any size; keep 2^n */
		num &= num - 1;

	/* Descriptors (16-byte aligned), then the available ring (2), then,
	 * on its own cache lines, the used ring the device writes (4). */
	size_t desc_sz = 16u * num;
	size_t avail_off = desc_sz;
	size_t avail_sz = 6u + 2u * num;
	size_t used_off = align_up(avail_off + avail_sz, 64);
	size_t used_sz = 6u + 8u * num;
	size_t total = used_off + used_sz;
	size_t pages = align_up(total, RK_PAGE_SIZE) / RK_PAGE_SIZE;

	struct virtq *vq = calloc(1, sizeof(*vq));
	void **cookie = calloc(num, sizeof(void *));
	uint8_t *mem = rk_page_alloc(pages);
	if (!vq || !cookie || !mem) {
		printk("virtio: %s: no memory for queue %u (%u entries)\n", d->name, index, num);
		free(vq);
		free(cookie);
		if (mem)
			rk_page_free(mem, pages);
		return NULL;
	}
	memset(mem, 0, pages * RK_PAGE_SIZE);
	vq->dev = d;
	vq->index = index;
	vq->num = (uint16_t)num;
	vq->event_idx = virtio_has(d, VIRTIO_F_RING_EVENT_IDX);
	vq->cb_enabled = true;
	vq->desc = (struct virtq_desc *)mem;
	vq->avail = (struct virtq_avail *)(mem + avail_off);
	vq->used = (struct virtq_used *)(mem + used_off);
	vq->used_event = &vq->avail->ring[num];
	vq->avail_event = (volatile uint16_t *)&vq->used->ring[num];
	vq->cookie = cookie;
	vq->mem = mem;
	vq->mem_pages = pages;
	/* Free list threaded through the descriptors' next fields. */
	for (unsigned i = 0; i + 1 < num; i++)
		vq->desc[i].next = (uint16_t)(i + 1);
	vq->free_head = 0;
	vq->num_free = (uint16_t)num;

	/* The kernel runs identity-mapped: virtual addresses are what the
	 * device (DMA) sees. */
	if (d->tr->queue_enable(d, index, num, (uintptr_t)vq->desc, (uintptr_t)vq->avail,
				(uintptr_t)vq->used)) {
		printk("virtio: %s: device refused queue %u\n", d->name, index);
		rk_page_free(mem, pages);
		free(cookie);
		free(vq);
		return NULL;
	}
	return vq;
}

int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned nout, unsigned nin,
	      void *cookie)
{
	unsigned n = nout + nin;

	if (n == 0)
		return -RK_EINVAL;
	if (n > vq->num_free)
		return -RK_EAGAIN;
	uint16_t head = vq->free_head, i = head, last = head;
	for (unsigned k = 0; k < n; k++) {
		struct virtq_desc *dsc = &vq->desc[i];
		dsc->addr = (uintptr_t)bufs[k].addr;
		dsc->len = bufs[k].len;
		dsc->flags = (uint16_t)((k >= nout ? VIRTQ_DESC_F_WRITE : 0) |
					(k + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		last = i;
		i = dsc->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->num_free = (uint16_t)(vq->num_free - n);
	vq->cookie[head] = cookie;

	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	vq->avail_idx++;
	/* The descriptors and the ring entry must be visible before the
	 * index that publishes them. */
	virtio_wmb();
	*(volatile uint16_t *)&vq->avail->idx = vq->avail_idx;
	return 0;
}

/* virtio 1.x 2.7.10: notify when the device's event index lies in the
 * window of entries published since the last notify decision. */
static bool need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old_idx);
}

static void ring(struct virtq *vq)
{
	vq->kicked_idx = vq->avail_idx;
	vq->rang_idx = vq->avail_idx;
	vq->kicks++;
	/* The ring writes before the doorbell (device memory). */
	virtio_wmb_io();
	vq->dev->tr->notify(vq->dev, vq->index);
}

void virtq_kick(struct virtq *vq)
{
	uint16_t old = vq->kicked_idx, new_idx = vq->avail_idx;
	bool notify;

	if (old == new_idx)
		return;
	/* The published avail->idx must be visible before we read whether
	 * the device wants a notification (it may be going to sleep); see
	 * virtq_kick_missed for where this fence is not enough. */
	virtio_mb();
	vq->kicked_idx = new_idx;
	if (vq->event_idx)
		notify = need_event(*vq->avail_event, new_idx, old);
	else
		notify = !(*(volatile uint16_t *)&vq->used->flags & VIRTQ_USED_F_NO_NOTIFY);
	if (!notify) {
		vq->kicks_suppressed++;
		return;
	}
	ring(vq);
}

bool virtq_kick_missed(struct virtq *vq)
{
	uint16_t pub = vq->avail_idx;
	bool waiting;

	if (vq->rang_idx == pub)
		return false; /* nothing published since the last doorbell */
	virtio_mb();
	uint16_t used = *(volatile uint16_t *)&vq->used->idx;
	if (used == pub)
		return false; /* the device has taken everything */
	if (vq->event_idx) {
		/* The device wants a doorbell when entry ev is published: is
		 * ev one we published after the last doorbell (a doorbell
		 * makes the device look at the whole ring) and that it has
		 * not taken, ev in [max(used, rang), pub)? */
		uint16_t lo = (uint16_t)(pub - used) < (uint16_t)(pub - vq->rang_idx) ? used
											 : vq->rang_idx;
		uint16_t ev = *vq->avail_event;
		waiting = (uint16_t)(ev - lo) < (uint16_t)(pub - lo);
	} else {
		waiting = !(*(volatile uint16_t *)&vq->used->flags & VIRTQ_USED_F_NO_NOTIFY);
	}
	if (!waiting)
		return false;
	vq->kicks_missed++;
	ring(vq);
	return true;
}

/* A full barrier the device observes: our earlier ring stores are visible
 * to it and our later ring loads see everything it did before. A register
 * read goes through the device's emulation, which QEMU serialises with
 * the device's ring accesses (the big lock), so it orders even where the
 * CPU fences do not reach the device model (see virtq_kick_missed). */
static void device_fence(struct virtq *vq)
{
	virtio_mb();
	vq->dev->tr->fence(vq->dev);
	virtio_rmb_io();
}

bool virtq_pending(const struct virtq *vq)
{
	return *(volatile const uint16_t *)&vq->used->idx != vq->last_used;
}

void *virtq_get(struct virtq *vq, uint32_t *len)
{
	if (!virtq_pending(vq))
		return NULL;
	/* Read the used entry only after seeing the index that covers it. */
	virtio_rmb();
	struct virtq_used_elem *e = &vq->used->ring[vq->last_used & (vq->num - 1)];
	uint32_t id = e->id;
	if (len)
		*len = e->len;
	vq->last_used++;
	if (id >= vq->num) {
		printk("virtio: %s: queue %u: device returned bad id %u\n", vq->dev->name,
		       vq->index, (unsigned)id);
		return NULL;
	}
	void *cookie = vq->cookie[id];
	vq->cookie[id] = NULL;
	/* Return the chain to the free list. */
	uint16_t i = (uint16_t)id, n = 1;
	while (vq->desc[i].flags & VIRTQ_DESC_F_NEXT) {
		i = vq->desc[i].next;
		n++;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = (uint16_t)id;
	vq->num_free = (uint16_t)(vq->num_free + n);

	/* With EVENT_IDX, keep asking for an interrupt at the next entry
	 * while interrupts are wanted. */
	if (vq->event_idx && vq->cb_enabled) {
		*vq->used_event = vq->last_used;
		/* 2.7.10: the new used_event must be visible before the
		 * caller's next look at used->idx, or the device may skip the
		 * interrupt for an entry we then miss. */
		virtio_mb();
	}
	return cookie;
}

void virtq_disable_cb(struct virtq *vq)
{
	vq->cb_enabled = false;
	/* With EVENT_IDX the device ignores the flag and looks at
	 * used_event: one entry behind last_used is outside every window it
	 * will publish until the index wraps 2^16 entries later. */
	if (vq->event_idx)
		*vq->used_event = (uint16_t)(vq->last_used - 1);
	else
		*(volatile uint16_t *)&vq->avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
}

bool virtq_enable_cb(struct virtq *vq)
{
	vq->cb_enabled = true;
	if (vq->event_idx)
		*vq->used_event = vq->last_used;
	else
		*(volatile uint16_t *)&vq->avail->flags = 0;
	/* The request for interrupts must reach the device before we look
	 * for completions that came while they were off: either the device
	 * sees it and interrupts for what it completes next, or we see what
	 * it completed. */
	device_fence(vq);
	return !virtq_pending(vq);
}
