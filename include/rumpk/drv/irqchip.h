/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupt controllers, the driver side: a controller (PLIC, GIC, I/O
 * APIC) registers as the irqchip and dispatches what it claims through
 * rk_irq_handle; drivers attach handlers through rumpk/irq.h. */
#ifndef RUMPK_DRV_IRQCHIP_H
#define RUMPK_DRV_IRQCHIP_H

#include <stdint.h>
#include <rumpk/irq.h>

struct rk_irqchip {
	const char *name;
	void (*enable)(unsigned irq);  /* unmask at the controller */
	void (*disable)(unsigned irq);
	/* Called from the arch external-interrupt trap: claim, dispatch every
	 * pending irq through rk_irq_handle(), acknowledge. */
	void (*dispatch)(void);
	/* A DTB interrupt specifier of this controller (its #interrupt-cells
	 * cells) as the irq number enable/disable take, or 0 when it is not
	 * understood. NULL for a controller no DTB describes. */
	unsigned (*xlate)(const uint32_t *cells, int ncells);
	/* SMP: deliver irq to cpu only from now on; 0 or -1. Runs on the
	 * CPU that takes irq now, interrupts masked (not inside its handling
	 * of irq). NULL: every irq goes to the boot CPU. */
	int (*route)(unsigned irq, unsigned cpu);
};

/* Make chip the interrupt controller that rk_irq_attach programs. */
void rk_irqchip_register(const struct rk_irqchip *chip);
/* A DTB interrupt specifier as an irq number, by the registered controller
 * (0 before one registered or when it does not understand the cells). */
unsigned rk_irq_xlate(const uint32_t *cells, int ncells);
/* Run the handler of irq (from irqchip dispatch). */
void rk_irq_handle(unsigned irq);

#endif
