/* SPDX-License-Identifier: BSD-2-Clause */
/* Split virtqueues (virtio 1.x section 2.7): a descriptor table, the
 * driver's available ring and the device's used ring, in one allocation.
 *
 * A queue is not locked: callers mask interrupts around every call that
 * may race with the device's interrupt handler (single CPU). */
#ifndef VIRTQUEUE_H
#define VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct virtio_dev;

/* Ring layouts, exactly as the device sees them (little-endian; every
 * architecture Rumpk supports is little-endian). */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* num entries, then used_event (EVENT_IDX) */
};
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};
struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[]; /* num entries, then avail_event */
};
#define VIRTQ_USED_F_NO_NOTIFY 1

struct virtq {
	struct virtio_dev *dev;
	unsigned index;          /* queue number on the device */
	uint16_t num;            /* entries, a power of two */
	bool event_idx;          /* VIRTIO_F_RING_EVENT_IDX negotiated */
	bool cb_enabled;         /* driver wants used-buffer interrupts */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	volatile uint16_t *used_event;   /* in avail, after the ring */
	volatile uint16_t *avail_event;  /* in used, after the ring */
	uint16_t free_head, num_free;
	uint16_t avail_idx;      /* next avail->idx to publish */
	uint16_t kicked_idx;     /* avail->idx at the last notify decision */
	uint16_t rang_idx;       /* avail->idx at the last doorbell */
	uint16_t last_used;      /* next used entry to consume */
	void **cookie;           /* per head descriptor: the caller's token */
	void *mem;               /* page allocation backing the rings */
	size_t mem_pages;
	uint64_t kicks;          /* doorbells rung */
	uint64_t kicks_suppressed; /* ... not rung: the device said it is busy */
	uint64_t kicks_missed;   /* rung late by virtq_kick_missed */
};

/* One buffer of a request: device-readable ones first, then writable. */
struct virtq_buf {
	void *addr;
	uint32_t len;
};

/* Create queue 'index' with at most 'max_num' entries (capped by what the
 * device offers, rounded down to a power of two) and hand it to the
 * device. Interrupts start enabled. NULL when the queue does not exist or
 * memory is short (reported). */
struct virtq *virtq_create(struct virtio_dev *d, unsigned index, unsigned max_num);

/* Chain bufs[0..nout) (device reads) and bufs[nout..nout+nin) (device
 * writes) into one request and make it available; cookie comes back from
 * virtq_get. Does not notify. 0, or -RK_EAGAIN when the ring lacks free
 * descriptors, -RK_EINVAL for an empty request. */
int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned nout, unsigned nin,
	      void *cookie);
/* Notify the device of everything added, unless it asked not to be
 * (VIRTQ_USED_F_NO_NOTIFY, or avail_event with EVENT_IDX). */
void virtq_kick(struct virtq *vq);
/* The doorbell virtq_kick should have rung. Its decision, like the
 * device's before it sleeps, is a store->load handshake (publish
 * avail->idx, then read the device's field) that needs a full fence the
 * device observes. QEMU 7.2 under TCG with one vCPU emits no host fence
 * for guest fences (only its parallel mode does) while the device model
 * runs in another host thread, so both sides can read stale values and
 * the device sleeps on entries it never saw (the stalls of issue 13).
 * This looks again: when the device now asks for a doorbell about an
 * entry published after our last one and not taken, it rings (and counts
 * kicks_missed). Cheap (a fence and two loads when anything is
 * outstanding): call it on every poll round, and after virtq_enable_cb
 * before sleeping, when the device fence in there makes what it reads
 * the device's final word. A device merely busy with those entries may
 * get a spare doorbell, which costs it a quick return. True when it rang. */
bool virtq_kick_missed(struct virtq *vq);
/* Next completed request: its cookie, and in *len the bytes the device
 * wrote. NULL when none is pending. Frees the request's descriptors. */
void *virtq_get(struct virtq *vq, uint32_t *len);
/* True when a completed request is waiting for virtq_get. */
bool virtq_pending(const struct virtq *vq);

/* Interrupt suppression. virtq_disable_cb asks the device not to
 * interrupt for this queue (a hint: one may still arrive). virtq_enable_cb
 * asks for interrupts again and returns false when completions arrived
 * meanwhile, so that the caller polls once more instead of sleeping on an
 * interrupt that already passed. Call it before every sleep on the
 * interrupt, even when interrupts are on already: its check is ordered
 * against the device by a register read (virtio_transport.fence), which is
 * what makes "no completion and no interrupt coming" true under QEMU's
 * TCG (see virtq_kick_missed); the fences of virtq_get are not enough
 * there. */
void virtq_disable_cb(struct virtq *vq);
bool virtq_enable_cb(struct virtq *vq);

#endif
