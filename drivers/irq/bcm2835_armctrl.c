/* SPDX-License-Identifier: BSD-2-Clause */
/* The BCM2835 ARM interrupt controller ("brcm,bcm2835-armctrl-ic", and
 * "brcm,bcm2836-armctrl-ic" when it is cascaded on the BCM2836 local
 * controller, as on the Raspberry Pi 2 and 3; QEMU's bcm2835_ic). Three
 * banks: 0 the ARM's own sources (its timer, doorbells...), 1 and 2 the
 * 64 GPU peripheral interrupts (system timer, UARTs, USB, DMA...). The
 * DTB's specifier is <bank number>. Level-triggered: no acknowledge. */
#include <stdint.h>
#include <rumpk/drv/fdt.h>
#include <rumpk/mmio.h>
#include <rumpk/printk.h>
#include <arch/fdt_map.h>
#include "bcm2836_l1.h"

/* Registers per bank: pending, enable (write 1 to set), disable (write 1
 * to clear). Bank 0's pending word also summarises banks 1 and 2 (bits 8,
 * 9) and repeats some of their sources (10-20): only bits 7:0 are its own. */
static const uint8_t pending_reg[3] = { 0x00, 0x04, 0x08 };
static const uint8_t enable_reg[3] = { 0x18, 0x10, 0x14 };
static const uint8_t disable_reg[3] = { 0x24, 0x1c, 0x20 };
static const uint32_t bank_mask[3] = { 0xff, 0xffffffff, 0xffffffff };

static uintptr_t base;
static unsigned first_irq; /* the irq number of bank 0, source 0 */

#define ARMCTRL_NIRQ 96

static int split(unsigned irq, unsigned *bank, uint32_t *bit)
{
	if (irq < first_irq || irq >= first_irq + ARMCTRL_NIRQ)
		return -1;
	*bank = (irq - first_irq) / 32;
	*bit = 1u << ((irq - first_irq) % 32);
	return 0;
}

static void armctrl_enable(unsigned irq)
{
	unsigned bank;
	uint32_t bit;

	if (!split(irq, &bank, &bit))
		mmio_write32(base + enable_reg[bank], bit);
}

static void armctrl_disable(unsigned irq)
{
	unsigned bank;
	uint32_t bit;

	if (!split(irq, &bank, &bit))
		mmio_write32(base + disable_reg[bank], bit);
}

static void armctrl_dispatch(void)
{
	for (unsigned bank = 0; bank < 3; bank++) {
		uint32_t pending = mmio_read32(base + pending_reg[bank]) & bank_mask[bank];
		while (pending) {
			unsigned n = (unsigned)__builtin_ctz(pending);
			pending &= pending - 1;
			rk_irq_handle(first_irq + bank * 32 + n);
		}
	}
}

/* Cascaded: the local controller's GPU source calls this. */
static void armctrl_cascade(unsigned irq, void *arg)
{
	armctrl_dispatch();
}

static unsigned armctrl_xlate(const uint32_t *cells, int ncells)
{
	if (ncells < 2 || cells[0] > 2 || cells[1] > 31 || (cells[0] == 0 && cells[1] > 7))
		return 0;
	return first_irq + cells[0] * 32 + cells[1];
}

static const struct rk_irqchip armctrl_chip = {
	.name = "bcm2835-armctrl-ic",
	.enable = armctrl_enable,
	.disable = armctrl_disable,
	.dispatch = armctrl_dispatch,
	.xlate = armctrl_xlate,
};

/* The Pi 2/3 (an "interrupts" property): cascaded on the local controller,
 * which is bound first. The Pi 1: the root controller. */
static int attach(const struct rk_fdt_dev *dev)
{
	const char *name = rk_fdt_name(dev->dtb, dev->node);
	struct rk_fdt_irq parent;

	if (rk_fdt_irq(dev->dtb, dev->node, 0, &parent)) {
		first_irq = 1;
		rk_irqchip_register(&armctrl_chip);
		return 0;
	}
	if (rk_fdt_bind_node(dev->dtb, parent.controller, dev->bi)) {
		printk("bcm2835-armctrl-ic: %s: its interrupt parent '%s' cannot be driven\n", name,
		       rk_fdt_name(dev->dtb, parent.controller));
		return -RK_ENODEV;
	}
	unsigned irq = rk_fdt_irq_number(parent.cells, parent.ncells);
	first_irq = BCM2836_L1_CHILD_BASE;
	if (!irq || bcm2836_l1_add_child(&armctrl_chip) ||
	    rk_irq_attach(irq, armctrl_cascade, NULL)) {
		printk("bcm2835-armctrl-ic: %s: cannot cascade on its parent's interrupt\n", name);
		return -RK_ENODEV;
	}
	return 0;
}

static int armctrl_probe(const struct rk_fdt_dev *dev)
{
	if (aarch64_fdt_map_reg(dev, 0, "bcm2835-armctrl-ic", &base))
		return -RK_ENODEV;
	for (unsigned bank = 0; bank < 3; bank++) /* everything masked until attached */
		mmio_write32(base + disable_reg[bank], bank_mask[bank]);
	return attach(dev);
}

static const char *const compat[] = { "brcm,bcm2836-armctrl-ic", "brcm,bcm2835-armctrl-ic", NULL };
RK_FDT_DRIVER(bcm2835_armctrl, compat, armctrl_probe, RK_INIT_PLATFORM);
