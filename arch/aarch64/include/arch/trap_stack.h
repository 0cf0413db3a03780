/* SPDX-License-Identifier: BSD-2-Clause */
/* The per-CPU exception stack and the stack bounds the vectors check.
 *
 * Kernel code (every fiber, the idle loop, interrupt handlers) runs at EL1
 * with PSTATE.SPSel = 0, i.e. on SP_EL0. Every exception therefore arrives
 * on SP_EL1, which rests at the top of this CPU's exception stack, where
 * struct aarch64_trap_block sits. The vector reads the block relative to
 * SP_EL1 without touching the interrupted stack, checks SP_EL0 against it
 * and then either goes back to SP_EL0 to push the trap frame there (the
 * common case: the frame must live on the fiber's own stack so that
 * rk_irq_exit can switch fibers) or, when SP_EL0 is outside the stack or
 * too close to its bottom to hold a frame, stays on the exception stack to
 * report a stack overflow. One block per CPU: with CONFIG_SMP, TPIDR_EL1
 * holds this CPU's (TPIDR_EL0 is the user program's thread pointer), and
 * the block also names the CPU, which is how C code finds its per-CPU
 * state (arch/smp.h). */
#ifndef ARCH_TRAP_STACK_H
#define ARCH_TRAP_STACK_H

#include <arch/trap_frame.h>

#define A64_TB_LIMIT 0  /* lowest SP_EL0 a trap may arrive with: low + frame */
#define A64_TB_SPAN 8   /* high - limit: one unsigned compare checks both ends */
#define A64_TB_LOW 16   /* bounds of the stack in use, for the report */
#define A64_TB_HIGH 24
#ifdef CONFIG_SMP
#define A64_TB_EXC_FLOOR 32 /* this CPU's exception stack + A64_EXC_STACK_RESERVE */
#define A64_TB_BASE 64      /* + cpu, hwid, irq frame */
#else
#define A64_TB_BASE 32
#endif
#ifdef CONFIG_EXEC
/* The program this CPU runs at EL0 (user_entry.S): found from SP_EL1, which
 * rests on the block, when the program traps, so each CPU has its own. */
#define A64_TB_USER A64_TB_BASE
#define A64_TB_SIZE (A64_TB_BASE + 16) /* 16-byte aligned: a stack top */
#else
#define A64_TB_SIZE A64_TB_BASE
#endif

/* The exception stack holds the overflow report (printk buffers, the dump)
 * and, below it, frames of faults taken while reporting. */
#define A64_EXC_STACK_SIZE ((8192 + 2 * CONFIG_PRINTK_BUFFER_SIZE + 15) & ~15)
/* An exception on the exception stack that would leave less than this
 * below its frame is a fault loop: vectors.S stops it (aarch64_fault_loop). */
#define A64_EXC_STACK_RESERVE 2048

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <rumpk/compiler.h>

struct aarch64_trap_block {
	uint64_t limit, span;
	uint64_t low, high;
#ifdef CONFIG_SMP
	uint64_t exc_floor; /* vectors.S: a fault loop below it */
	uint64_t cpu;       /* index of this CPU (rk_cpu_id) */
	uint64_t hwid;      /* its MPIDR affinity */
	const struct rk_trap_frame *irq_frame; /* the IRQ being handled (trap.c) */
#endif
#ifdef CONFIG_EXEC
	void *user; /* struct aarch64_user_ctx of the program running here */
	uint64_t pad;
#endif
};

_Static_assert(sizeof(struct aarch64_trap_block) == A64_TB_SIZE, "vectors.S layout");
#ifdef CONFIG_SMP
_Static_assert(__builtin_offsetof(struct aarch64_trap_block, exc_floor) == A64_TB_EXC_FLOOR,
	       "vectors.S layout");
#endif
#ifdef CONFIG_EXEC
_Static_assert(__builtin_offsetof(struct aarch64_trap_block, user) == A64_TB_USER,
	       "user_entry.S layout");
#endif

/* entry.S: the block of the boot CPU, at the top of its exception stack. */
extern struct aarch64_trap_block aarch64_trap_block;
extern char aarch64_exc_stack[];

/* This CPU's block. volatile: a fiber that moves (rk_fiber_move) changes
 * CPU inside a call, so a value read before it must not be reused. */
static inline struct aarch64_trap_block *aarch64_this_block(void)
{
#ifdef CONFIG_SMP
	struct aarch64_trap_block *b;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(b));
	return b;
#else
	return &aarch64_trap_block;
#endif
}

/* stack.c: reports on the exception stack; never return. */
rk_noreturn void aarch64_stack_overflow(struct rk_trap_frame *f, unsigned long kind);
rk_noreturn void aarch64_fault_loop(void);
/* stack.c: a data abort whose address is in the guard page below the
 * current stack: report it as an overflow (switches to the exception
 * stack first, since the fiber stack is nearly full). */
rk_noreturn void aarch64_guard_page_hit(struct rk_trap_frame *f, unsigned long kind);
/* Whether addr lies in the guard page below the stack in use. */
int aarch64_in_guard_page(uintptr_t addr);
/* stack_switch.S: run fn(f, kind) on the exception stack (SPSel = 1). */
rk_noreturn void aarch64_on_exception_stack(struct rk_trap_frame *f, unsigned long kind,
					    void (*fn)(struct rk_trap_frame *, unsigned long));
#endif

#endif
