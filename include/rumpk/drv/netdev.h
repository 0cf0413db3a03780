/* SPDX-License-Identifier: BSD-2-Clause */
/* Network devices, the driver side: a NIC driver fills a struct rk_netdev
 * (rumpk/netdev.h, which the stack reads too) and registers it. */
#ifndef RUMPK_DRV_NETDEV_H
#define RUMPK_DRV_NETDEV_H

#include <rumpk/netdev.h>

/* Append dev to the list (kept by pointer: it must stay valid). */
void rk_netdev_register(struct rk_netdev *dev);

#endif
