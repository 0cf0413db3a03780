/* SPDX-License-Identifier: BSD-2-Clause */
/* The registry of network devices (rumpk/drv/netdev.h, rumpk/netdev.h), in
 * registration order. Device-neutral: any NIC driver registers here. */
#include <rumpk/drv/netdev.h>
#include "devlist.h"

RK_DEV_LIST(netdev)
