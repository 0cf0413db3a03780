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
/* Deliver irq to CPU cpu only (SMP; every irq starts on the boot CPU).
 * The rule (docs/smp.md): a device's interrupt goes to the CPU of the
 * fiber that drives the device, because drivers keep their handler out of
 * their state by masking interrupts on their own CPU. Call it before
 * anything on cpu touches the device. Blocks until the controller is
 * reprogrammed (the move runs on the CPU that takes irq now, between two
 * of its interrupts). 0, -RK_EINVAL for an irq nobody attached or a CPU
 * not online, -RK_ENODEV when the controller cannot route (cpu 0 always
 * works). */
int rk_irq_set_cpu(unsigned irq, unsigned cpu);
/* Interrupts delivered to irq since boot. */
uint64_t rk_irq_count(unsigned irq);
#ifdef CONFIG_SMP
/* Of those, the ones CPU cpu took (where rk_irq_set_cpu sent them). */
uint64_t rk_irq_count_on(unsigned irq, unsigned cpu);
#endif

/* Arch trap code brackets the handling of every interrupt (timer or
 * external) with these; rk_irq_exit switches fibers when a preemption is
 * due and the outermost interrupt is ending. Interrupts stay masked. */
void rk_irq_enter(void);
void rk_irq_exit(void);
/* True while an interrupt handler runs (blocking is not allowed then). */
int rk_in_irq(void);

#define RK_IRQ_MAX 256

#ifndef RK_ENODEV
#define RK_ENODEV 19
#endif

#endif
