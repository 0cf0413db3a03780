/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-rng (virtio 1.x 5.4): one queue of device-writable buffers the
 * host fills with entropy. Exposed as rk_virtio_rng_read() and as the
 * "virtio-rng" entropy source of the registry (rumpk/drv/entropy.h). */
#include <string.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include "virtio_internal.h"
#include "virtio_sync.h"
#include <rumpk/drv/entropy.h>

#define QUEUE_SIZE 8
/* Largest request: the host answers with what it has, often less. */
#define CHUNK 256u
/* Empty answers in a row before the device counts as failed. */
#define MAX_EMPTY 64

static struct virtio_syncq rng_q;
static struct virtio_dev *rng_dev;

int rk_virtio_rng_read(void *buf, size_t len)
{
	uint8_t *p = buf;
	unsigned empty = 0;

	if (!rng_dev)
		return -RK_EAGAIN;
	while (len) {
		uint32_t got = 0, want = len > CHUNK ? CHUNK : (uint32_t)len;
		struct virtq_buf b = { p, want };
		virtio_syncq_run(&rng_q, &b, 0, 1, &got);
		if (got > want)
			got = want; /* never trust the device past the buffer */
		/* The host may hand out less than asked, even nothing for a
		 * while; a device that never delivers is broken. */
		if (got == 0 && ++empty >= MAX_EMPTY) {
			printk("virtio: %s: device returns no entropy\n", rng_dev->name);
			return -RK_EIO;
		}
		p += got;
		len -= got;
	}
	return 0;
}

void rk_virtio_rng_set_polled(bool polled)
{
	if (rng_dev)
		virtio_syncq_set_polled(&rng_q, polled);
}

static int entropy_read(void *ctx, void *buf, size_t len)
{
	return rk_virtio_rng_read(buf, len);
}

static const struct rk_entropy_source entropy = {
	.name = "virtio-rng",
	.read = entropy_read,
	.millibits_per_byte = 8000, /* the host conditions it (/dev/urandom) */
};

static int vrng_probe(struct virtio_dev *d)
{
	if (rng_dev) {
		printk("virtio: %s: one virtio-rng is enough; not used\n", d->name);
		return -1;
	}
	struct virtq *vq = virtq_create(d, 0, QUEUE_SIZE);
	if (!vq)
		return -1;
	virtio_syncq_init(&rng_q, vq);
	return 0;
}

static void vrng_start(struct virtio_dev *d)
{
	rng_dev = d;
	printk("virtio: %s entropy source\n", d->name);
	if (rk_entropy_register(&entropy))
		printk("virtio: %s: entropy source table full\n", d->name);
}

static void vrng_interrupt(struct virtio_dev *d, uint32_t isr)
{
	if (isr & VIRTIO_ISR_USED)
		virtio_syncq_interrupt(&rng_q);
}

RK_VIRTIO_DRIVER(virtio_rng_driver) = {
	.name = "rng",
	.device_id = VIRTIO_ID_RNG,
	.probe = vrng_probe,
	.start = vrng_start,
	.interrupt = vrng_interrupt,
};
