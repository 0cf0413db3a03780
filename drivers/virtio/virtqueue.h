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
	uint16_t rang_idx;       /* avail->idx at the last doorbell rung */
	uint16_t last_used;      /* next used entry to consume */
	void **cookie;           /* per head descriptor: the caller's token */
	void *mem;               /* page allocation backing the rings */
	size_t mem_pages;
	uint64_t kicks, kicks_suppressed;
	/* virtq_kick_stalled: the (used->idx, avail_event) pair seen at the
	 * last check, and whether that state has been kicked already. */
	uint16_t stall_used, stall_event;
	bool stall_seen, stall_kicked;
	uint64_t kicks_stalled;
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
/* Liveness check for notification suppression, to call from a poll loop
 * (cheap: one fence and two loads unless the queue is stuck). Each
 * published entry gets exactly one notify decision in virtq_kick; when
 * that decision read a stale avail_event / NO_NOTIFY (the store of
 * avail->idx and the load of the device's field were reordered, which
 * QEMU 7.2's TCG allows with one vCPU: it drops guest fences), the device
 * sleeps waiting for a doorbell that never comes, and every later
 * decision is suppressed too. This notices a device that asks for a
 * notification about an entry published after our last doorbell and not
 * completed, in the same state at two checks in a row, and rings once for
 * that state (and says so on the console). True when it rang. */
bool virtq_kick_stalled(struct virtq *vq);
/* Next completed request: its cookie, and in *len the bytes the device
 * wrote. NULL when none is pending. Frees the request's descriptors. */
void *virtq_get(struct virtq *vq, uint32_t *len);
/* True when a completed request is waiting for virtq_get. */
bool virtq_pending(const struct virtq *vq);

/* Interrupt suppression. virtq_disable_cb asks the device not to
 * interrupt for this queue (a hint: one may still arrive). virtq_enable_cb
 * asks for interrupts again and returns false when completions arrived
 * meanwhile, so that the caller polls once more instead of sleeping on an
 * interrupt that already passed. */
void virtq_disable_cb(struct virtq *vq);
bool virtq_enable_cb(struct virtq *vq);

#endif
