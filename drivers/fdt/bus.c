/* SPDX-License-Identifier: BSD-2-Clause */
/* The device-tree bus: binds the drivers that declared a compatible table
 * (RK_FDT_DRIVER, include/rumpk/drv/fdt.h) to the enabled nodes of the boot
 * DTB, at the init level each driver asked for, and gives them their
 * resources through the rk_fdt_dev_* helpers. Adding a driver touches no
 * file here: its table entry is found in the .rk_fdt_drivers section. */
#include <rumpk/drv/fdt.h>
#include <rumpk/drv/irqchip.h>
#include <rumpk/printk.h>
#include "fdt_internal.h"

/* Nodes bound so far (a node is driven by one driver, once). */
#define MAX_BOUND 64
static int bound[MAX_BOUND];
static unsigned nbound;

static bool is_bound(int node)
{
	for (unsigned i = 0; i < nbound; i++)
		if (bound[i] == node)
			return true;
	return false;
}

static int probe(const struct rk_fdt_driver *drv, const char *compat, const void *dtb, int node,
		 const struct rk_bootinfo *bi)
{
	struct rk_fdt_dev dev = { dtb, node, compat, bi };

	if (nbound == MAX_BOUND) {
		printk("fdt: %s: more than %d devices bound; %s not probed\n", rk_fdt_name(dtb, node),
		       MAX_BOUND, drv->name);
		return -RK_ENOSPC;
	}
	int err = drv->probe(&dev);
	if (err == RK_FDT_ABSENT)
		return -RK_ENODEV;
	if (err) {
		printk("fdt: %s (%s): %s failed: %d\n", rk_fdt_name(dtb, node), compat, drv->name, err);
		return err;
	}
	bound[nbound++] = node;
	return 0;
}

/* The compatible entry of drv that node lists, or NULL. */
static const char *match(const struct rk_fdt_driver *drv, const void *dtb, int node)
{
	int len;
	const char *list = rk_fdt_propi(dtb, node, RK_FDT_P_COMPATIBLE, &len);

	for (const char *const *c = drv->compatible; list && *c; c++)
		for (int i = 0; i < len; i += (int)strlen(list + i) + 1)
			if (!strcmp(list + i, *c))
				return *c;
	return NULL;
}

const struct rk_fdt_driver *rk_fdt_driver_for(const void *dtb, int node, uintptr_t level,
					      const char **compat)
{
	for (const struct rk_fdt_driver *d = __rk_fdt_drivers_start; d < __rk_fdt_drivers_end; d++) {
		const char *c = level == RK_FDT_ANY_LEVEL || d->level == level ? match(d, dtb, node) : NULL;

		if (c) {
			if (compat)
				*compat = c;
			return d;
		}
	}
	return NULL;
}

int rk_fdt_bind_node(const void *dtb, int node, const struct rk_bootinfo *bi)
{
	const char *compat;

	if (is_bound(node))
		return 0;
	if (!rk_fdt_is_enabled(dtb, node))
		return -RK_ENODEV;
	const struct rk_fdt_driver *d = rk_fdt_driver_for(dtb, node, RK_FDT_ANY_LEVEL, &compat);
	return d ? probe(d, compat, dtb, node, bi) : -RK_ENODEV;
}

void rk_fdt_bind(const struct rk_bootinfo *bi, unsigned level)
{
	const void *dtb = (const void *)bi->dtb;
	bool checked = false;

	for (const struct rk_fdt_driver *d = __rk_fdt_drivers_start; d < __rk_fdt_drivers_end; d++) {
		if (d->level != level)
			continue;
		/* Only an image with drivers at this level needs the DTB here. */
		if (!checked) {
			if (rk_fdt_check_once(dtb)) {
				printk("fdt: no valid DTB; no device-tree drivers bound\n");
				return;
			}
			checked = true;
		}
		/* A node that lists several strings of the table is probed once,
		 * under the first of them: a probe that failed is not retried
		 * (and reported again) under the next. (A node found by the
		 * table's first string has it as its first match: no need to
		 * read its list again, as for QEMU virt's 32 virtio-mmio slots.) */
		for (const char *const *c = d->compatible; *c; c++)
			for (int n = rk_fdt_compatible_enabled(dtb, -1, *c); n >= 0;
			     n = rk_fdt_compatible_enabled(dtb, n, *c))
				if (!is_bound(n) && (c == d->compatible || match(d, dtb, n) == *c))
					probe(d, *c, dtb, n, bi);
	}
}

static int bind_platform(const struct rk_bootinfo *bi)
{
	rk_fdt_bind(bi, RK_INIT_PLATFORM);
	return 0;
}
RK_INIT(bind_platform, RK_INIT_PLATFORM);

static int bind_drivers(const struct rk_bootinfo *bi)
{
	rk_fdt_bind(bi, RK_INIT_DRIVER);
	return 0;
}
RK_INIT(bind_drivers, RK_INIT_DRIVER);

unsigned rk_fdt_irq_number(const uint32_t *cells, int ncells)
{
	return rk_irq_xlate(cells, ncells); /* the controller's own reading */
}

int rk_fdt_dev_reg(const struct rk_fdt_dev *dev, int index, uint64_t *base, uint64_t *size)
{
	return rk_fdt_reg(dev->dtb, dev->node, index, base, size);
}

unsigned rk_fdt_dev_irq(const struct rk_fdt_dev *dev, int index)
{
	struct rk_fdt_irq irq;

	if (rk_fdt_irq(dev->dtb, dev->node, index, &irq))
		return 0;
	return rk_fdt_irq_number(irq.cells, irq.ncells);
}

uint32_t rk_fdt_dev_u32(const struct rk_fdt_dev *dev, const char *prop, uint32_t dflt)
{
	uint32_t v;

	return rk_fdt_prop_u32(dev->dtb, dev->node, prop, &v) ? dflt : v;
}
