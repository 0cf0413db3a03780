/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64: how a CPU finds its per-CPU state. Every CPU runs with a TSS of
 * its own (the IST stacks and rsp0 differ per CPU), each with its own GDT
 * descriptor, and the task register names it: CPU n's is
 * X86_TSS_SEL_CPU(n). Reading it (str) is one instruction, works in every
 * context the kernel has (an NMI, a trap from ring 3 before anything was
 * saved), and nothing a program does in ring 3 can change it, unlike the
 * GS base, which a program reloads with any selector (so GS would need
 * swapgs on every entry from ring 3, and an NMI in the window around it
 * would see the wrong base). */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

#include <arch/x86.h>

static inline unsigned arch_cpu_id(void)
{
	unsigned tr;

	/* volatile: a fiber that moves (rk_fiber_move) changes CPU inside a
	 * call, so a value read before it must not be reused after it. */
	__asm__ volatile("str %0" : "=r"(tr));
	return (tr - X86_TSS_SEL_CPU(0)) / X86_TSS_DESC_SIZE;
}

#endif
