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

	/* volatile: a fiber that moves (rk_fiber_move) changes CPU inside a
	 * call, so a value read before it must not be reused after it. */
	__asm__ volatile("csrr %0, sscratch" : "=r"(b));
	return (unsigned)b->cpu;
}

#endif
