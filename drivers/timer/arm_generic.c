/* SPDX-License-Identifier: BSD-2-Clause */
/* The Arm generic timer's device-tree node ("arm,armv8-timer", and
 * "arm,armv7-timer", which the Raspberry Pi 3's DTB still uses for its
 * Cortex-A53s): which interrupt the EL1 virtual timer raises, and an
 * optional clock-frequency. The timer itself is the CPU's
 * (arch/aarch64/timer.c). Its interrupts are the secure physical,
 * non-secure physical, virtual and hypervisor timers, in that order; the
 * controller they go to (a GIC, the BCM2836 local controller) is bound
 * first, since the timer's probe attaches to it at the same level. */
#include <stdint.h>
#include <rumpk/drv/fdt.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <arch/timer.h>

#define VIRTUAL_TIMER 2

/* The timer is the kernel clock: a node that describes it wrongly stops
 * the boot here, naming what is wrong, rather than at RK_INIT_TIME with no
 * clock and no reason. */
static int arm_timer_probe(const struct rk_fdt_dev *dev)
{
	char cells[48] = "";
	const char *name = rk_fdt_name(dev->dtb, dev->node), *parent;
	struct rk_fdt_irq irq;
	int err = rk_fdt_irq(dev->dtb, dev->node, VIRTUAL_TIMER, &irq);

	if (err) {
		rk_fdt_report(dev->dtb, dev->node, "interrupts", "no entry %d (the virtual timer): %s",
			      VIRTUAL_TIMER, rk_fdt_strerror(err));
		rk_panic("arm-timer: no virtual timer interrupt in the DTB");
	}
	parent = rk_fdt_name(dev->dtb, irq.controller);
	if (rk_fdt_bind_node(dev->dtb, irq.controller, dev->bi))
		rk_panic("arm-timer: %s: its interrupt controller %s cannot be driven", name, parent);
	unsigned n = rk_fdt_irq_number(irq.cells, irq.ncells);
	if (!n) {
		for (int i = 0, len = 0; i < irq.ncells; i++)
			len += rk_snprintf(cells + len, sizeof(cells) - (size_t)len, "%s0x%x",
					   i ? " " : "", irq.cells[i]);
		rk_fdt_report(dev->dtb, dev->node, "interrupts",
			      "entry %d (<%s>) is not an interrupt its controller %s has", VIRTUAL_TIMER,
			      cells, parent);
		rk_panic("arm-timer: no usable virtual timer interrupt in the DTB");
	}
	if (aarch64_timer_init(n, rk_fdt_dev_u32(dev, "clock-frequency", 0)))
		rk_panic("arm-timer: %s: the generic timer cannot be used (the line above says why)",
			 name);
	return 0;
}

static const char *const compat[] = { "arm,armv8-timer", "arm,armv7-timer", NULL };
RK_FDT_DRIVER(arm_timer, compat, arm_timer_probe, RK_INIT_PLATFORM);
