/* SPDX-License-Identifier: BSD-2-Clause */
/* The BCM2836/BCM2837 per-core local interrupt controller
 * ("brcm,bcm2836-l1-intc", the "ARM control" block at 0x40000000 of the
 * Raspberry Pi 2 and 3; QEMU's bcm2836_control). It takes each core's
 * Arm generic timer outputs, mailboxes and PMU, and the output of the
 * BCM2835 GPU controller (routed to one core), and raises the core's IRQ.
 * There is no acknowledge: each source is level-triggered and drops when
 * the device is served. Without SMP only core 0 runs the kernel, so only
 * its registers are used; with SMP each core enables its own timer and
 * mailbox sources, and mailbox 0 is the kernel's IPI (a core's mailbox
 * raises its IRQ while any of its 32 bits is set; the receiver clears
 * them). The GPU's interrupts stay routed to core 0. */
#include <stdint.h>
#include <rumpk/drv/fdt.h>
#include <rumpk/mmio.h>
#include <rumpk/printk.h>
#include <arch/fdt_map.h>
#ifdef CONFIG_SMP
#include <rumpk/smp.h>
#include <arch/smp.h>
#include <arch/sysreg.h>
#endif
#include "bcm2836_l1.h"

#define GPU_ROUTING 0x0c      /* bits 1:0: the core that gets the GPU IRQ */
#define PMU_ROUTE_SET 0x10    /* bit n: PMU interrupt of core n as IRQ */
#define PMU_ROUTE_CLR 0x14
#define TIMER_CTL(core) (0x40 + 4 * (core)) /* bits 3:0: timer n as IRQ */
#define MAILBOX_CTL(core) (0x50 + 4 * (core))
#define IRQ_SOURCE(core) (0x60 + 4 * (core))
#define MAILBOX_SET(core, n) (0x80 + 16 * (core) + 4 * (n))
#define MAILBOX_CLR(core, n) (0xc0 + 16 * (core) + 4 * (n))

/* The core whose registers are used: this one (its MPIDR Aff0) with SMP,
 * else core 0, the only one that runs the kernel. */
#ifdef CONFIG_SMP
#define CORE ((unsigned)read_sysreg(mpidr_el1) & 3)
#else
#define CORE 0
#endif

enum { SRC_TIMER_LAST = 3, SRC_MAILBOX0 = 4, SRC_MAILBOX3 = 7, SRC_GPU = 8, SRC_PMU = 9 };

static uintptr_t base;
static const struct rk_irqchip *child;

static void set_bits(uintptr_t reg, uint32_t bits, int on)
{
	uint32_t v = mmio_read32(base + reg);

	mmio_write32(base + reg, on ? v | bits : v & ~bits);
}

/* Local source n on or off for this core (CORE). */
static void source(unsigned n, int on)
{
	if (n <= SRC_TIMER_LAST)
		set_bits(TIMER_CTL(CORE), 1u << n, on);
	else if (n >= SRC_MAILBOX0 && n <= SRC_MAILBOX3)
		set_bits(MAILBOX_CTL(CORE), 1u << (n - SRC_MAILBOX0), on);
	else if (n == SRC_PMU)
		mmio_write32(base + (on ? PMU_ROUTE_SET : PMU_ROUTE_CLR), 1u << CORE);
	/* SRC_GPU: always routed to core 0 (l1_probe); the GPU controller
	 * masks its own sources. */
}

static void l1_enable(unsigned irq)
{
	if (irq >= BCM2836_L1_CHILD_BASE) {
		if (child)
			child->enable(irq);
	} else if (irq >= BCM2836_L1_IRQ(0) && irq < BCM2836_L1_IRQ(BCM2836_L1_NSRC)) {
		source(irq - BCM2836_L1_IRQ(0), 1);
	}
}

static void l1_disable(unsigned irq)
{
	if (irq >= BCM2836_L1_CHILD_BASE) {
		if (child)
			child->disable(irq);
	} else if (irq >= BCM2836_L1_IRQ(0) && irq < BCM2836_L1_IRQ(BCM2836_L1_NSRC)) {
		source(irq - BCM2836_L1_IRQ(0), 0);
	}
}

static void l1_dispatch(void)
{
	uint32_t pending = mmio_read32(base + IRQ_SOURCE(CORE)) & ((1u << BCM2836_L1_NSRC) - 1);

	while (pending) {
		unsigned n = (unsigned)__builtin_ctz(pending);
		pending &= pending - 1;
#ifdef CONFIG_SMP
		/* The IPI: cleared before its handler looks at the ring, so
		 * that a message sent after the look interrupts again. */
		if (n == SRC_MAILBOX0)
			mmio_write32(base + MAILBOX_CLR(CORE, 0), ~0u);
#endif
		rk_irq_handle(BCM2836_L1_IRQ(n));
	}
}

/* <source flags>: the flags (level, high) are what the hardware does. */
static unsigned l1_xlate(const uint32_t *cells, int ncells)
{
	if (ncells < 1 || cells[0] >= BCM2836_L1_NSRC)
		return 0;
	return BCM2836_L1_IRQ(cells[0]);
}

static const struct rk_irqchip l1_chip = {
	.name = "bcm2836-l1-intc",
	.enable = l1_enable,
	.disable = l1_disable,
	.dispatch = l1_dispatch,
	.xlate = l1_xlate,
};

int bcm2836_l1_add_child(const struct rk_irqchip *c)
{
	if (child)
		return -1;
	child = c;
	return 0;
}

#ifdef CONFIG_SMP
static void l1_send_ipi(unsigned cpu)
{
	dsb(ish); /* the message before the interrupt */
	mmio_write32(base + MAILBOX_SET(arch_cpu_hwid(cpu) & 3, 0), 1);
}

/* A secondary core: its timers as core 0's (attached there), its
 * mailbox 0 on (the IPI), whatever it has pending from before cleared. */
static int l1_cpu_init(void)
{
	mmio_write32(base + MAILBOX_CLR(CORE, 0), ~0u);
	mmio_write32(base + TIMER_CTL(CORE), mmio_read32(base + TIMER_CTL(0)));
	mmio_write32(base + MAILBOX_CTL(CORE), 1u << 0);
	return 0;
}

static const struct aarch64_ipi_chip l1_ipi = { "bcm2836-mailbox", BCM2836_L1_IRQ(SRC_MAILBOX0),
						l1_send_ipi, l1_cpu_init };
#endif

static int l1_probe(const struct rk_fdt_dev *dev)
{
	if (aarch64_fdt_map_reg(dev, 0, "bcm2836-l1-intc", &base))
		return -RK_ENODEV;
	/* Nothing on until attached; the GPU controller's output to core 0. */
	mmio_write32(base + TIMER_CTL(0), 0);
	mmio_write32(base + MAILBOX_CTL(0), 0);
	mmio_write32(base + PMU_ROUTE_CLR, 0xf);
	mmio_write32(base + GPU_ROUTING, 0);
	rk_irqchip_register(&l1_chip);
#ifdef CONFIG_SMP
	mmio_write32(base + MAILBOX_CLR(0, 0), ~0u);
	aarch64_ipi_register(&l1_ipi);
#endif
	return 0;
}

static const char *const compat[] = { "brcm,bcm2836-l1-intc", NULL };
RK_FDT_DRIVER(bcm2836_l1, compat, l1_probe, RK_INIT_PLATFORM);
