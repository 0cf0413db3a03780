/* Interrupt controllers, the driver side: a controller (PLIC, GIC, I/O
 * APIC) registers as the irqchip and dispatches what it claims through
 * rk_irq_handle; drivers attach handlers through rumpk/irq.h. */
#ifndef RUMPK_DRV_IRQCHIP_H
#define RUMPK_DRV_IRQCHIP_H

#include <rumpk/irq.h>

struct rk_irqchip {
	const char *name;
	void (*enable)(unsigned irq);  /* unmask at the controller */
	void (*disable)(unsigned irq);
	/* Called from the arch external-interrupt trap: claim, dispatch every
	 * pending irq through rk_irq_handle(), acknowledge. */
	void (*dispatch)(void);
};

/* Make chip the interrupt controller that rk_irq_attach programs. */
void rk_irqchip_register(const struct rk_irqchip *chip);
/* Run the handler of irq (from irqchip dispatch). */
void rk_irq_handle(unsigned irq);

#endif
