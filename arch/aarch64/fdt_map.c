/* SPDX-License-Identifier: BSD-2-Clause */
/* Device registers of a DTB node, mapped (see arch/fdt_map.h). */
#include <rumpk/printk.h>
#include <arch/fdt_map.h>
#include <arch/mmu.h>

int aarch64_fdt_map_reg(const struct rk_fdt_dev *dev, int index, const char *drv,
			uintptr_t *base)
{
	const char *node = rk_fdt_name(dev->dtb, dev->node);
	uint64_t reg, size;
	int err = rk_fdt_dev_reg(dev, index, &reg, &size);

	if (err) {
		printk("%s: %s: reg %d: %s\n", drv, node, index, rk_fdt_strerror(err));
		return -RK_ENODEV;
	}
	if (aarch64_mmu_map_device(reg, size)) {
		printk("%s: %s: reg %d at 0x%llx cannot be mapped\n", drv, node, index,
		       (unsigned long long)reg);
		return -RK_ENODEV;
	}
	*base = (uintptr_t)reg;
	return 0;
}
