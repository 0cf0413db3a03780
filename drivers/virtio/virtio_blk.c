/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-blk (virtio 1.x 5.2): one request queue, requests of a 16-byte
 * header, the data, and a status byte. Published as an rk_blkdev. */
#include <string.h>
#include <rumpk/drv/blkdev.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include "virtio_internal.h"
#include "virtio_sync.h"

#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9

#define CFG_CAPACITY 0   /* u64, 512-byte sectors */
#define CFG_SIZE_MAX 8   /* u32 */
#define CFG_BLK_SIZE 20  /* u32 */

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4

#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

#define SECTOR 512u
/* Largest transfer per request: bounded by size_max when the device sets
 * one (we use one data descriptor), else 128 KiB. */
#define DEFAULT_MAX_BYTES (128u * 1024)
#define QUEUE_SIZE 64

struct blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

struct vblk {
	struct rk_blkdev bd;
	struct virtio_dev *vdev;
	struct virtio_syncq q;
	uint32_t max_bytes;
};

static int transfer(struct vblk *b, uint32_t type, uint64_t lba, void *buf, size_t count)
{
	struct rk_blkdev *bd = &b->bd;

	if (type != VIRTIO_BLK_T_FLUSH && (lba > bd->capacity || count > bd->capacity - lba))
		return -RK_EINVAL;
	if (type == VIRTIO_BLK_T_OUT && bd->read_only)
		return -RK_EINVAL;
	if (count == 0 && type != VIRTIO_BLK_T_FLUSH)
		return 0;
	do {
		size_t n = count;
		if (n * SECTOR > b->max_bytes)
			n = b->max_bytes / SECTOR;
		/* Header and status are read/written by the device: they live
		 * on this fiber's stack, which stays put until we return. */
		struct blk_req_hdr hdr = { .type = type, .sector = lba };
		volatile uint8_t status = 0xff;
		struct virtq_buf bufs[3];
		unsigned nb = 0, nout = 1;
		bufs[nb++] = (struct virtq_buf){ &hdr, sizeof(hdr) };
		if (n) {
			bufs[nb++] = (struct virtq_buf){ buf, (uint32_t)(n * SECTOR) };
			if (type == VIRTIO_BLK_T_OUT)
				nout++;
		}
		bufs[nb++] = (struct virtq_buf){ (void *)&status, 1 };
		virtio_syncq_run(&b->q, bufs, nout, nb - nout, NULL);
		if (status != VIRTIO_BLK_S_OK) {
			bd->stats.errors++;
			printk("virtio: %s: %s of %zu sectors at %llu failed (status %u)\n",
			       b->vdev->name, type == VIRTIO_BLK_T_IN ? "read" :
			       type == VIRTIO_BLK_T_OUT ? "write" : "flush", n,
			       (unsigned long long)lba, (unsigned)status);
			return -RK_EIO;
		}
		if (type == VIRTIO_BLK_T_IN) {
			bd->stats.reads++;
			bd->stats.sectors_read += n;
		} else if (type == VIRTIO_BLK_T_OUT) {
			bd->stats.writes++;
			bd->stats.sectors_written += n;
		}
		lba += n;
		count -= n;
		buf = (uint8_t *)buf + n * SECTOR;
	} while (count);
	return 0;
}

static int vblk_read(struct rk_blkdev *bd, uint64_t lba, void *buf, size_t count)
{
	return transfer(bd->priv, VIRTIO_BLK_T_IN, lba, buf, count);
}

static int vblk_write(struct rk_blkdev *bd, uint64_t lba, const void *buf, size_t count)
{
	/* The device only reads the buffer of an OUT request. */
	return transfer(bd->priv, VIRTIO_BLK_T_OUT, lba, (void *)buf, count);
}

static int vblk_flush(struct rk_blkdev *bd)
{
	struct vblk *b = bd->priv;
	if (!virtio_has(b->vdev, VIRTIO_BLK_F_FLUSH))
		return 0; /* no write cache to flush */
	return transfer(b, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
}

static void vblk_set_polled(struct rk_blkdev *bd, bool polled)
{
	struct vblk *b = bd->priv;
	virtio_syncq_set_polled(&b->q, polled);
}

static int vblk_probe(struct virtio_dev *d)
{
	struct vblk *b = calloc(1, sizeof(*b));
	if (!b)
		return -1;
	struct virtq *vq = virtq_create(d, 0, QUEUE_SIZE);
	if (!vq) {
		free(b);
		return -1;
	}
	b->vdev = d;
	virtio_syncq_init(&b->q, vq);
	b->max_bytes = DEFAULT_MAX_BYTES;
	if (virtio_has(d, VIRTIO_BLK_F_SIZE_MAX)) {
		uint32_t size_max;
		virtio_read_config(d, CFG_SIZE_MAX, &size_max, 4);
		if (size_max >= SECTOR && size_max < b->max_bytes)
			b->max_bytes = size_max & ~(SECTOR - 1);
	}
	virtio_read_config(d, CFG_CAPACITY, &b->bd.capacity, 8);
	b->bd.name = d->name;
	b->bd.sector_size = SECTOR;
	b->bd.read_only = virtio_has(d, VIRTIO_BLK_F_RO);
	b->bd.read = vblk_read;
	b->bd.write = vblk_write;
	b->bd.flush = vblk_flush;
	b->bd.set_polled = vblk_set_polled;
	b->bd.priv = b;
	d->priv = b;
	return 0;
}

static void vblk_start(struct virtio_dev *d)
{
	struct vblk *b = d->priv;
	printk("virtio: %s %llu sectors (%llu KiB)%s\n", d->name,
	       (unsigned long long)b->bd.capacity, (unsigned long long)(b->bd.capacity / 2),
	       b->bd.read_only ? " read-only" : "");
	rk_blkdev_register(&b->bd);
}

static void vblk_interrupt(struct virtio_dev *d, uint32_t isr)
{
	struct vblk *b = d->priv;
	if (isr & VIRTIO_ISR_USED) {
		b->bd.stats.irqs++;
		virtio_syncq_interrupt(&b->q);
	}
	if (isr & VIRTIO_ISR_CONFIG) /* resized by the host */
		virtio_read_config(d, CFG_CAPACITY, &b->bd.capacity, 8);
}

RK_VIRTIO_DRIVER(virtio_blk_driver) = {
	.name = "blk",
	.device_id = VIRTIO_ID_BLOCK,
	.features = VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_RO) |
		    VIRTIO_BIT(VIRTIO_BLK_F_FLUSH),
	.probe = vblk_probe,
	.start = vblk_start,
	.interrupt = vblk_interrupt,
};
