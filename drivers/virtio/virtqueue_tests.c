/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image tests of the split virtqueue (CONFIG_KTEST): the test plays the
 * device on a queue set up through a fake transport, reading the available
 * ring and writing the used ring the way the virtio 1.x spec says a device
 * does, so ring wrap-around, descriptor recycling and both notification
 * suppression schemes are checked without QEMU. */
#include <string.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/test.h>
#include "virtio_internal.h"
#include "virtqueue.h"

struct fake {
	struct virtio_dev dev;
	unsigned max;
	unsigned notifies;
	unsigned fences;      /* register reads ordering us with the device */
	bool complete_at_fence; /* the device finishes a request during one */
	int used_event_at_fence; /* what it saw of our interrupt request */
	struct virtq *vq;
	uint16_t dev_avail;   /* device's next avail entry to take */
	uint16_t dev_used;    /* device's used->idx */
};

static struct fake *fake_of(struct virtio_dev *d)
{
	return (struct fake *)d;
}

static unsigned f_queue_max(struct virtio_dev *d, unsigned q)
{
	return q == 0 ? fake_of(d)->max : 0;
}

static int f_queue_enable(struct virtio_dev *d, unsigned q, unsigned num, uint64_t desc,
			  uint64_t avail, uint64_t used)
{
	return 0;
}

static void f_notify(struct virtio_dev *d, unsigned q)
{
	fake_of(d)->notifies++;
}

static unsigned device_use(struct fake *f, struct virtq *vq, uint32_t written);

/* The device's view at a fence: everything the driver stored before is
 * visible to it; it may complete a request right then. */
static void f_fence(struct virtio_dev *d)
{
	struct fake *f = fake_of(d);
	f->fences++;
	f->used_event_at_fence = f->vq->event_idx ? *f->vq->used_event
						  : f->vq->avail->flags;
	if (f->complete_at_fence)
		device_use(f, f->vq, 0);
}

static const struct virtio_transport fake_tr = {
	.name = "fake",
	.queue_max = f_queue_max,
	.queue_enable = f_queue_enable,
	.notify = f_notify,
	.fence = f_fence,
};

/* A one-byte request, for the tests that only count entries. */
static uint8_t one_byte;
static const struct virtq_buf one_buf = { &one_byte, 1 };

static struct virtq *setup(struct fake *f, unsigned max, bool event_idx)
{
	memset(f, 0, sizeof(*f));
	f->dev.tr = &fake_tr;
	memcpy(f->dev.name, "fake", 5);
	f->max = max;
	f->dev.features = VIRTIO_BIT(VIRTIO_F_VERSION_1) |
			  (event_idx ? VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX) : 0);
	f->vq = virtq_create(&f->dev, 0, 1024);
	return f->vq;
}

static void teardown(struct virtq *vq)
{
	rk_page_free(vq->mem, vq->mem_pages);
	free(vq->cookie);
	free(vq);
}

/* Device side: take the next available chain, check it, mark it used
 * with 'written' bytes. Returns the chain length, 0 when none. */
static unsigned device_use(struct fake *f, struct virtq *vq, uint32_t written)
{
	if (f->dev_avail == vq->avail->idx)
		return 0;
	uint16_t head = vq->avail->ring[f->dev_avail & (vq->num - 1)];
	f->dev_avail++;
	unsigned n = 1;
	for (uint16_t i = head; vq->desc[i].flags & VIRTQ_DESC_F_NEXT; i = vq->desc[i].next)
		n++;
	struct virtq_used_elem *e = &vq->used->ring[f->dev_used & (vq->num - 1)];
	e->id = head;
	e->len = written;
	f->dev_used++;
	vq->used->idx = f->dev_used;
	return n;
}

RK_TEST(virtq_size_is_power_of_two)
{
	struct fake f;
	struct virtq *vq = setup(&f, 100, false);
	RK_EXPECT(vq != NULL);
	if (!vq)
		return;
	RK_EXPECT_EQ(vq->num, 64);
	RK_EXPECT_EQ(vq->num_free, 64);
	RK_EXPECT_EQ(((uintptr_t)vq->desc) % 16, 0);
	RK_EXPECT_EQ(((uintptr_t)vq->used) % 4, 0);
	teardown(vq);
}

RK_TEST(virtq_chains_and_wraparound)
{
	struct fake f;
	struct virtq *vq = setup(&f, 8, false);
	if (!vq)
		return;
	uint8_t a[4], b[8], c[16];
	struct virtq_buf bufs[3] = { { a, 4 }, { b, 8 }, { c, 16 } };
	/* 70000 requests of 1..3 descriptors: the 16-bit ring indexes wrap
	 * and every descriptor is recycled many times. */
	for (unsigned i = 0; i < 70000; i++) {
		unsigned n = 1 + i % 3, nout = i % 2 ? 1 : 0;
		if (nout > n)
			nout = n;
		RK_EXPECT_EQ(virtq_add(vq, bufs, nout, n - nout, (void *)(uintptr_t)(i + 1)), 0);
		RK_EXPECT_EQ(device_use(&f, vq, i), n);
		uint32_t len = 0;
		void *cookie = virtq_get(vq, &len);
		RK_EXPECT_EQ((uintptr_t)cookie, i + 1);
		RK_EXPECT_EQ(len, i);
		RK_EXPECT_EQ(vq->num_free, 8);
		if ((uintptr_t)cookie != i + 1)
			break;
	}
	RK_EXPECT(virtq_get(vq, NULL) == NULL);
	teardown(vq);
}

RK_TEST(virtq_full_ring_and_write_flags)
{
	struct fake f;
	struct virtq *vq = setup(&f, 8, false);
	if (!vq)
		return;
	uint8_t x[2];
	struct virtq_buf bufs[3] = { { x, 1 }, { x, 1 }, { x + 1, 1 } };
	RK_EXPECT_EQ(virtq_add(vq, bufs, 1, 2, (void *)1), 0);
	uint16_t head = vq->avail->ring[0];
	RK_EXPECT_EQ(vq->desc[head].flags, VIRTQ_DESC_F_NEXT);
	uint16_t second = vq->desc[head].next, third = vq->desc[second].next;
	RK_EXPECT_EQ(vq->desc[second].flags, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE);
	RK_EXPECT_EQ(vq->desc[third].flags, VIRTQ_DESC_F_WRITE);
	RK_EXPECT_EQ(virtq_add(vq, bufs, 1, 2, (void *)2), 0);
	RK_EXPECT_EQ(virtq_add(vq, bufs, 1, 2, (void *)3), -RK_EAGAIN); /* 2 left */
	RK_EXPECT_EQ(virtq_add(vq, bufs, 1, 1, (void *)3), 0);
	RK_EXPECT_EQ(virtq_add(vq, bufs, 0, 0, (void *)4), -RK_EINVAL);
	RK_EXPECT_EQ(vq->num_free, 0);
	teardown(vq);
}

/* Re-enabling interrupts goes through the device (a register read) after
 * the request for interrupts is stored, and reports completions that the
 * device made up to that point: the device either saw the request or we
 * see its completion. */
static void enable_cb_fences(bool event_idx)
{
	struct fake f;
	struct virtq *vq = setup(&f, 8, event_idx);
	if (!vq)
		return;
	virtq_add(vq, &one_buf, 1, 0, (void *)1);
	virtq_add(vq, &one_buf, 1, 0, (void *)2);
	virtq_disable_cb(vq);
	/* Nothing completed: interrupts on, sleeping is safe. */
	RK_EXPECT(virtq_enable_cb(vq));
	RK_EXPECT_EQ(f.fences, 1);
	RK_EXPECT_EQ(f.used_event_at_fence, 0); /* interrupts wanted (flags or index) */
	/* Already on, asked again before another sleep: fenced again. */
	RK_EXPECT(virtq_enable_cb(vq));
	RK_EXPECT_EQ(f.fences, 2);
	/* The device completes a request at the moment of the fence, with
	 * interrupts off until then: the check after the fence sees it. */
	virtq_disable_cb(vq);
	f.complete_at_fence = true;
	RK_EXPECT(!virtq_enable_cb(vq));
	RK_EXPECT_EQ(f.fences, 3);
	RK_EXPECT_EQ(f.used_event_at_fence, 0); /* the request was visible */
	RK_EXPECT(virtq_get(vq, NULL) == (void *)1);
	teardown(vq);
}

RK_TEST(virtq_enable_cb_fences_flags)
{
	enable_cb_fences(false);
}

RK_TEST(virtq_enable_cb_fences_event_idx)
{
	enable_cb_fences(true);
}

RK_TEST(virtq_flags_suppression)
{
	struct fake f;
	struct virtq *vq = setup(&f, 8, false);
	if (!vq)
		return;
	virtq_add(vq, &one_buf, 1, 0, (void *)1);
	virtq_kick(vq);
	RK_EXPECT_EQ(f.notifies, 1);
	virtq_kick(vq); /* nothing new: no doorbell */
	RK_EXPECT_EQ(f.notifies, 1);
	vq->used->flags = VIRTQ_USED_F_NO_NOTIFY;
	virtq_add(vq, &one_buf, 1, 0, (void *)2);
	virtq_kick(vq);
	RK_EXPECT_EQ(f.notifies, 1);
	RK_EXPECT_EQ(vq->kicks_suppressed, 1);

	virtq_disable_cb(vq);
	RK_EXPECT_EQ(vq->avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
	device_use(&f, vq, 0);
	/* A completion arrived while interrupts were off: enable says so. */
	RK_EXPECT(!virtq_enable_cb(vq));
	RK_EXPECT_EQ(vq->avail->flags, 0);
	RK_EXPECT(virtq_get(vq, NULL) != NULL);
	RK_EXPECT(virtq_enable_cb(vq));
	teardown(vq);
}

RK_TEST(virtq_event_idx_suppression)
{
	struct fake f;
	struct virtq *vq = setup(&f, 8, true);
	if (!vq)
		return;
	RK_EXPECT(vq->event_idx);
	/* The device wants a doorbell once avail->idx passes 2. */
	*vq->avail_event = 2;
	virtq_add(vq, &one_buf, 1, 0, (void *)1);
	virtq_add(vq, &one_buf, 1, 0, (void *)2);
	virtq_kick(vq); /* idx 0 -> 2: entry 2 not yet published */
	RK_EXPECT_EQ(f.notifies, 0);
	virtq_add(vq, &one_buf, 1, 0, (void *)3);
	virtq_kick(vq); /* 2 -> 3 crosses the event */
	RK_EXPECT_EQ(f.notifies, 1);
	virtq_add(vq, &one_buf, 1, 0, (void *)4);
	virtq_kick(vq); /* event already passed */
	RK_EXPECT_EQ(f.notifies, 1);

	/* Interrupts wanted: used_event follows what we consumed. */
	device_use(&f, vq, 0);
	RK_EXPECT(virtq_get(vq, NULL) != NULL);
	RK_EXPECT_EQ(*vq->used_event, 1);
	/* Off: used_event stays behind, outside every window the device
	 * will publish next. */
	virtq_disable_cb(vq);
	RK_EXPECT_EQ(*vq->used_event, 0);
	device_use(&f, vq, 0);
	RK_EXPECT(!virtq_enable_cb(vq));
	RK_EXPECT_EQ(*vq->used_event, 1);
	teardown(vq);
}

/* A doorbell lost to the suppression race (virtq_kick_missed). The race
 * cannot be produced on demand, so the test writes its outcome: the
 * notify decision read the device's avail_event before the device moved
 * it, and the device then went to sleep waiting on that very entry. */
RK_TEST(virtq_kick_missed_event_idx)
{
	struct fake f;
	struct virtq *vq = setup(&f, 8, true);
	if (!vq)
		return;
	/* Idle: nothing outstanding. */
	RK_EXPECT(!virtq_kick_missed(vq));
	/* Entry 0 with a proper doorbell; the device serves it and asks
	 * for a doorbell at entry 1. */
	*vq->avail_event = 0;
	virtq_add(vq, &one_buf, 1, 0, (void *)1);
	virtq_kick(vq);
	RK_EXPECT_EQ(f.notifies, 1);
	RK_EXPECT(!virtq_kick_missed(vq)); /* rung for everything */
	RK_EXPECT_EQ(device_use(&f, vq, 0), 1);
	RK_EXPECT(virtq_get(vq, NULL) == (void *)1);
	/* The driver publishes entry 1 but decides with the stale event
	 * (0): no doorbell. Only then does avail_event = 1 show. */
	virtq_add(vq, &one_buf, 1, 0, (void *)2);
	virtq_kick(vq);
	RK_EXPECT_EQ(f.notifies, 1);
	RK_EXPECT_EQ(vq->kicks_suppressed, 1);
	*vq->avail_event = 1;
	/* The next look rings, once. */
	RK_EXPECT(virtq_kick_missed(vq));
	RK_EXPECT_EQ(f.notifies, 2);
	RK_EXPECT_EQ(vq->kicks_missed, 1);
	RK_EXPECT(!virtq_kick_missed(vq));
	RK_EXPECT_EQ(f.notifies, 2);

	/* Healthy states never ring. Busy: entries 2-4 published while the
	 * device works on entry 1 with its old avail_event (1), their
	 * doorbells rightly suppressed; it rereads avail->idx before it
	 * sleeps. */
	for (uintptr_t i = 3; i <= 5; i++) {
		virtq_add(vq, &one_buf, 1, 0, (void *)i);
		virtq_kick(vq);
	}
	RK_EXPECT_EQ(f.notifies, 2);
	RK_EXPECT(!virtq_kick_missed(vq));
	/* Progressing: the device took entries 1-3 and asks for entry 5,
	 * not published yet: the normal sleeping state. */
	for (int i = 0; i < 3; i++)
		RK_EXPECT_EQ(device_use(&f, vq, 0), 1);
	*vq->avail_event = 5;
	RK_EXPECT(!virtq_kick_missed(vq));
	/* Took everything. */
	RK_EXPECT_EQ(device_use(&f, vq, 0), 1);
	*vq->avail_event = 4; /* even a stale event: nothing outstanding */
	RK_EXPECT(!virtq_kick_missed(vq));
	RK_EXPECT_EQ(f.notifies, 2);
	RK_EXPECT_EQ(vq->kicks_missed, 1);
	teardown(vq);
}

/* The same loss without EVENT_IDX: the decision saw a stale
 * VIRTQ_USED_F_NO_NOTIFY, which the device has cleared since. */
RK_TEST(virtq_kick_missed_flags)
{
	struct fake f;
	struct virtq *vq = setup(&f, 8, false);
	if (!vq)
		return;
	vq->used->flags = VIRTQ_USED_F_NO_NOTIFY;
	virtq_add(vq, &one_buf, 1, 0, (void *)1);
	virtq_kick(vq);
	RK_EXPECT_EQ(f.notifies, 0);
	RK_EXPECT(!virtq_kick_missed(vq)); /* still busy: it will look */
	vq->used->flags = 0;
	RK_EXPECT(virtq_kick_missed(vq));
	RK_EXPECT(!virtq_kick_missed(vq));
	RK_EXPECT_EQ(f.notifies, 1);
	RK_EXPECT_EQ(vq->kicks_missed, 1);
	teardown(vq);
}
