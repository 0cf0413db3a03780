/* SPDX-License-Identifier: BSD-2-Clause */
/* The per-CPU block the trap entry reads through sscratch.
 *
 * sscratch always holds the address of this block, which sits just above
 * the CPU's emergency stack (so it is also that stack's top). On entry,
 * trap.S swaps sp with sscratch to reach the block without touching the
 * interrupted stack, compares the interrupted sp with 'limit' and either
 * swaps back (the common case) or stays on the emergency stack to report a
 * stack overflow. One block per hart (CONFIG_SMP: arch/riscv64/smp.c); it
 * then also names its CPU, which is how C code finds its per-CPU state. */
#ifndef ARCH_TRAP_STACK_H
#define ARCH_TRAP_STACK_H

#define RV_TRAP_LIMIT 0   /* lowest sp a trap may arrive with */
#define RV_TRAP_SCRATCH 8 /* t0 of the interrupted code, while trap.S needs t0 */
#define RV_TRAP_LOW 16    /* bounds of the stack in use, for the report */
#define RV_TRAP_HIGH 24
#ifdef CONFIG_SMP
#define RV_TRAP_BLOCK_SIZE 48 /* + cpu, hartid (16-byte aligned: a stack top) */
#else
#define RV_TRAP_BLOCK_SIZE 32
#endif

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <arch/trap_frame.h>

struct riscv_trap_block {
	uint64_t limit;
	uint64_t scratch;
	uint64_t low, high;
#ifdef CONFIG_SMP
	uint64_t cpu;    /* index of this CPU (rk_cpu_id) */
	uint64_t hartid;
#endif
};

_Static_assert(sizeof(struct riscv_trap_block) == RV_TRAP_BLOCK_SIZE, "trap.S layout");

/* trap.c: install the vector and the emergency stack (the arch init level). */
void riscv_trap_init(void);
/* stack.c: point sscratch at the block; bounds start as the boot stack's. */
void riscv_trap_stack_init(void);
#ifdef CONFIG_SMP
/* stack.c: the same for secondary cpu (hart hartid), whose first stack is
 * [low, high). */
void riscv_trap_stack_init_cpu(unsigned cpu, unsigned long hartid, uintptr_t low, uintptr_t high);
#endif
/* stack.c: called by trap.S on the emergency stack; never returns. */
void riscv_stack_overflow(struct rk_trap_frame *f);
#endif

#endif
