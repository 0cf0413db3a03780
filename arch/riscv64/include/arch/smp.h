/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64: how a hart finds its per-CPU state. sscratch always holds the
 * hart's trap block (trap_stack.h) while the kernel runs C code (trap.S
 * swaps it only between its first and last instructions, with interrupts
 * masked), and the block names the CPU. No tp: it is the psABI's thread
 * pointer, and the kernel keeps its hands off it (trap.S). */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

#include <arch/trap_stack.h>

static inline unsigned arch_cpu_id(void)
{
	const struct riscv_trap_block *b;

	/* Not volatile: a fiber never changes CPU, so the value may be reused. */
	__asm__("csrr %0, sscratch" : "=r"(b));
	return (unsigned)b->cpu;
}

#endif
