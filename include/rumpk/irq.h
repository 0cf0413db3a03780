/* SPDX-License-Identifier: BSD-2-Clause */
/* Device interrupts, the user side: drivers attach handlers to interrupt
 * numbers as the DTB (or ACPI/PCI) names them. Controllers register through
 * rumpk/drv/irqchip.h. */
#ifndef RUMPK_IRQ_H
#define RUMPK_IRQ_H

#include <stdint.h>

typedef void (*rk_irq_handler_t)(unsigned irq, void *arg);

/* Attach handler to irq and unmask it; returns 0, or -1 if taken/invalid. */
int rk_irq_attach(unsigned irq, rk_irq_handler_t handler, void *arg);
void rk_irq_detach(unsigned irq);
/* Arch hook: an external interrupt trap arrived. */
void rk_irq_external(void);
/* Interrupts delivered to irq since boot. */
uint64_t rk_irq_count(unsigned irq);

/* Arch trap code brackets the handling of every interrupt (timer or
 * external) with these; rk_irq_exit switches fibers when a preemption is
 * due and the outermost interrupt is ending. Interrupts stay masked. */
void rk_irq_enter(void);
void rk_irq_exit(void);
/* True while an interrupt handler runs (blocking is not allowed then). */
int rk_in_irq(void);

#define RK_IRQ_MAX 256

#endif
