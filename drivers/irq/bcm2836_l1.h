/* SPDX-License-Identifier: BSD-2-Clause */
/* The Raspberry Pi's interrupt numbering, shared by its two controllers
 * (drivers/irq/bcm2836_l1.c, bcm2835_armctrl.c). The registry has one
 * number space: the per-core local controller's sources (the Arm timers,
 * mailboxes, the GPU controller's output, the PMU) come first, a
 * controller cascaded on it from BCM2836_L1_CHILD_BASE. */
#ifndef DRIVERS_IRQ_BCM2836_L1_H
#define DRIVERS_IRQ_BCM2836_L1_H

#include <rumpk/drv/irqchip.h>

/* Local source n (the DTB's first cell: 0-3 CNTPS/CNTPNS/CNTHP/CNTV, 4-7
 * mailboxes, 8 GPU, 9 PMU) is irq n + 1: irq 0 means "not understood". */
#define BCM2836_L1_NSRC 12
#define BCM2836_L1_IRQ(n) (1u + (n))
#define BCM2836_L1_CHILD_BASE 32

/* Route irqs from BCM2836_L1_CHILD_BASE up to child's enable/disable: the
 * controller cascaded on a local source (the ARM control block of the
 * BCM2835, brcm,bcm2836-armctrl-ic). Its dispatch runs from the handler it
 * attaches to that source. -1 when a child is there already. */
int bcm2836_l1_add_child(const struct rk_irqchip *child);

#endif
