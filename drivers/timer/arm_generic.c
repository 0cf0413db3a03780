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
#include <rumpk/printk.h>
#include <arch/timer.h>

#define VIRTUAL_TIMER 2

static int arm_timer_probe(const struct rk_fdt_dev *dev)
{
	const char *name = rk_fdt_name(dev->dtb, dev->node);
	struct rk_fdt_irq irq;
	int err = rk_fdt_irq(dev->dtb, dev->node, VIRTUAL_TIMER, &irq);

	if (err) {
		printk("arm-timer: %s: no virtual timer interrupt (entry %d of interrupts): %s\n",
		       name, VIRTUAL_TIMER, rk_fdt_strerror(err));
		return -RK_ENODEV;
	}
	if (rk_fdt_bind_node(dev->dtb, irq.controller, dev->bi)) {
		printk("arm-timer: %s: its interrupt controller '%s' cannot be driven\n", name,
		       rk_fdt_name(dev->dtb, irq.controller));
		return -RK_ENODEV;
	}
	unsigned n = rk_fdt_irq_number(irq.cells, irq.ncells);
	if (!n) {
		printk("arm-timer: %s: the virtual timer interrupt is not one its controller has\n",
		       name);
		return -RK_ENODEV;
	}
	return aarch64_timer_init(n, rk_fdt_dev_u32(dev, "clock-frequency", 0)) ? -RK_ENODEV : 0;
}

static const char *const compat[] = { "arm,armv8-timer", "arm,armv7-timer", NULL };
RK_FDT_DRIVER(arm_timer, compat, arm_timer_probe, RK_INIT_PLATFORM);
