/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupt vectors (>= 32) from the trap path: the local APIC timer, its
 * error and spurious vectors, the IPI (SMP), and device interrupts (routed by the I/O
 * APIC, or sent as messages). They run on the interrupted fiber's stack
 * with interrupts masked; rk_irq_exit() may switch to another fiber, so
 * every EOI comes first. */
#include <rumpk/irq.h>
#include <rumpk/smp.h>
#include <rumpk/time.h>
#include <rumpk/x86_irq.h>
#include "internal.h"

unsigned x86_irq_vector;

void x86_interrupt(struct rk_trap_frame *f)
{
	unsigned vector = (unsigned)f->vector;

	if (vector == X86_VEC_TIMER) {
		rk_irq_enter();
		rk_timer_interrupt();
		lapic_eoi();
		rk_irq_exit();
	} else if (vector < X86_VEC_GSI_BASE + X86_NR_IRQ_VECTORS) {
		x86_irq_vector = vector;
		rk_irq_enter();
		rk_irq_external(); /* the irqchip's dispatch sends the EOI */
		rk_irq_exit();
	} else if (vector == X86_VEC_LAPIC_ERROR) {
		lapic_error_interrupt();
#ifdef CONFIG_SMP
	} else if (vector == X86_VEC_IPI) {
		/* EOI before the ring is read: a message queued after the
		 * read interrupts again. The frame is whole (trap.S saves every
		 * register), so a stop request can dump it as it is. */
		lapic_eoi();
		rk_irq_enter();
		rk_smp_ipi(f);
		rk_irq_exit();
#endif
	}
	/* X86_VEC_SPURIOUS: the APIC withdrew it; it takes no EOI. */
}
