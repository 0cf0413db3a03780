/* SPDX-License-Identifier: BSD-2-Clause */
/* Device registers of a DTB node, mapped (arch/aarch64/fdt_map.c). */
#ifndef ARCH_FDT_MAP_H
#define ARCH_FDT_MAP_H

#include <stdint.h>
#include <rumpk/drv/fdt.h>

/* reg entry index of dev's node (translated through the buses' ranges)
 * into *base, mapped as device memory. 0, or -RK_ENODEV after a line that
 * names drv, the node and what is wrong. */
int aarch64_fdt_map_reg(const struct rk_fdt_dev *dev, int index, const char *drv,
			uintptr_t *base);

#endif
