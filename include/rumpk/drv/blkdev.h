/* SPDX-License-Identifier: BSD-2-Clause */
/* Block devices, the driver side: a disk driver fills a struct rk_blkdev
 * (rumpk/blkdev.h, which users read too) and registers it. */
#ifndef RUMPK_DRV_BLKDEV_H
#define RUMPK_DRV_BLKDEV_H

#include <rumpk/blkdev.h>

/* Append dev to the list (kept by pointer: it must stay valid). */
void rk_blkdev_register(struct rk_blkdev *dev);

#endif
