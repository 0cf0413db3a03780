/* SPDX-License-Identifier: BSD-2-Clause */
/* The registry of block devices (rumpk/drv/blkdev.h, rumpk/blkdev.h), in
 * registration order. Device-neutral: any disk driver registers here. */
#include <rumpk/drv/blkdev.h>
#include "devlist.h"

RK_DEV_LIST(blkdev)
