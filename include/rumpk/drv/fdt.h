/* SPDX-License-Identifier: BSD-2-Clause */
/* Device-tree drivers: binding by "compatible", resources from the node.
 *
 * A driver declares what it drives and when it binds:
 *
 *     static const char *const compat[] = { "ns16550a", NULL };
 *     static int probe(const struct rk_fdt_dev *dev) { ... }
 *     RK_FDT_DRIVER(my_uart, compat, probe, RK_INIT_DRIVER);
 *
 * The entry goes to the .rk_fdt_drivers linker section
 * (include/rumpk/sections.ld.h); the FDT bus (drivers/fdt/bus.c) walks the
 * boot DTB at the driver's init level, skips nodes whose status is not
 * "okay", and calls probe once for each node whose compatible list holds
 * one of the strings. probe takes reg, interrupts and properties such as
 * clock-frequency, reg-shift and reg-io-width through the helpers below,
 * and registers what it found in a device-class registry (rumpk/drv/).
 * Levels: RK_INIT_EARLY for power-off devices, RK_INIT_PLATFORM for
 * interrupt controllers (the timer and the devices need them),
 * RK_INIT_DRIVER for devices, RK_FDT_CONSOLE for consoles. */
#ifndef RUMPK_DRV_FDT_H
#define RUMPK_DRV_FDT_H

#include <stdint.h>
#include <rumpk/bootinfo.h>
#include <rumpk/compiler.h>
#include <rumpk/fdt.h>
#include <rumpk/init.h>

/* Codes of the bus (the RK_E* family; rumpk/net.h and vfs.h share ENODEV). */
#ifndef RK_ENODEV
#define RK_ENODEV 19
#endif
#define RK_ENOSPC 28
#define RK_FDT_ABSENT 1

/* The node a driver is probed with. */
struct rk_fdt_dev {
	const void *dtb;
	int node;
	const char *compatible; /* the entry of the driver's table that matched */
	const struct rk_bootinfo *bi;
};

struct rk_fdt_driver {
	const char *name;
	const char *const *compatible; /* NULL-terminated */
	/* 0 when the device is driven; RK_FDT_ABSENT when the node describes
	 * nothing to drive (an empty virtio-mmio slot): not bound, not
	 * reported; a negative RK_E* code otherwise (the bus prints it with the
	 * node name and goes on). */
	int (*probe)(const struct rk_fdt_dev *dev);
	uintptr_t level; /* RK_INIT_EARLY, _PLATFORM, _DRIVER or RK_FDT_CONSOLE */
};

/* The level of console drivers. Not an init level: the bus never walks the
 * tree for them (every UART of a board would become the console in turn);
 * the early binding (drivers/fdt/early.c, CONFIG_FDT_EARLY) binds the one
 * node /chosen/stdout-path names, first thing at RK_INIT_EARLY. The probe
 * sets the device up and calls rk_console_register (rumpk/drv/console.h);
 * rk_fdt_console_baud (rumpk/fdt.h) gives the line speed to set, if any. */
#define RK_FDT_CONSOLE 16

#define RK_FDT_DRIVER(dname, compat, probe_fn, lvl)                            \
	static const struct rk_fdt_driver rk_fdt_driver_##dname rk_used        \
		rk_section(".rk_fdt_drivers") rk_aligned(8) = { #dname, compat, probe_fn, lvl }

extern const struct rk_fdt_driver __rk_fdt_drivers_start[], __rk_fdt_drivers_end[];

/* Entry index of the node's reg, as a CPU physical address (rk_fdt_reg). */
int rk_fdt_dev_reg(const struct rk_fdt_dev *dev, int index, uint64_t *base, uint64_t *size);
/* Interrupt index of the node as the number rk_irq_attach takes (the
 * registered interrupt controller translates its cells), or 0 when the node
 * has none or the controller does not understand it. */
unsigned rk_fdt_dev_irq(const struct rk_fdt_dev *dev, int index);
/* A one-cell property (clock-frequency, reg-shift, reg-io-width...), or
 * dflt when the node lacks it. */
uint32_t rk_fdt_dev_u32(const struct rk_fdt_dev *dev, const char *prop, uint32_t dflt);

/* Bind every enabled node of bi's DTB that a driver of this level matches
 * and that is not bound yet: by driver, then by its compatible strings in
 * table order, then in tree order. The bus's init functions call it at
 * RK_INIT_PLATFORM and RK_INIT_DRIVER. */
void rk_fdt_bind(const struct rk_bootinfo *bi, unsigned level);

/* Bind node now if a driver of any level matches and it is not bound yet:
 * for a consumer that needs its supplier before the bus would get there
 * (the Arm timer and its GIC). 0 when the node is bound (now or before),
 * -RK_ENODEV when no driver matches, or the probe's error. */
int rk_fdt_bind_node(const void *dtb, int node, const struct rk_bootinfo *bi);

/* The driver of this level (RK_FDT_ANY_LEVEL: any) whose table node matches,
 * or NULL; *compat (unless NULL) gets the entry that matched. */
#define RK_FDT_ANY_LEVEL ((uintptr_t)-1)
const struct rk_fdt_driver *rk_fdt_driver_for(const void *dtb, int node, uintptr_t level,
					      const char **compat);

#endif
