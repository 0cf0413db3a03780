/* SPDX-License-Identifier: BSD-2-Clause */
/* Block devices, the user side: fixed-size sectors, read and written by fibers that block
 * until the device has finished (virtio-blk is the first implementation).
 * Several fibers may have requests in flight on one device at once. */
#ifndef RUMPK_BLKDEV_H
#define RUMPK_BLKDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rk_blkdev_stats {
	uint64_t reads, writes, sectors_read, sectors_written, errors;
	uint64_t irqs, polls;
};

struct rk_blkdev {
	const char *name;
	uint32_t sector_size;  /* bytes per sector addressed by lba (512) */
	uint64_t capacity;     /* in sectors */
	bool read_only;
	/* Transfer count sectors at lba to/from buf (any alignment; the
	 * driver may bounce). 0, or -RK_EINVAL (beyond the end, read-only),
	 * -RK_EIO (the device reported an error), -RK_ENOMEM. Blocks. */
	int (*read)(struct rk_blkdev *dev, uint64_t lba, void *buf, size_t count);
	int (*write)(struct rk_blkdev *dev, uint64_t lba, const void *buf, size_t count);
	/* Flush the device's write cache (0 when it has none). */
	int (*flush)(struct rk_blkdev *dev);
	/* Complete requests by polling (true) or by interrupt (false). */
	void (*set_polled)(struct rk_blkdev *dev, bool polled);
	struct rk_blkdev_stats stats;
	void *priv;
	struct rk_blkdev *next;
};

/* I/O error; belongs with the other RK_E* codes in rumpk/fiber.h. */
#ifndef RK_EIO
#define RK_EIO 5
#endif

/* Drivers register through rumpk/drv/blkdev.h. */
/* First registered device, or NULL; dev->next for the others. */
struct rk_blkdev *rk_blkdev_first(void);
/* The device called name ("blk0"), or NULL. */
struct rk_blkdev *rk_blkdev_find(const char *name);

#endif
