/* SPDX-License-Identifier: BSD-2-Clause */
/* Interface every arch/<a>/ implements (kernel-internal).
 * Per-arch types (struct rk_trap_frame, struct arch_context) live in
 * arch/<a>/include/arch/trap_frame.h and arch/<a>/include/arch/context.h. */
#ifndef RUMPK_ARCH_H
#define RUMPK_ARCH_H

#include <stddef.h>
#include <stdint.h>
#include <rumpk/compiler.h>

struct rk_trap_frame;
struct arch_context;

/* --- CPU ------------------------------------------------------------------ */
/* Trap vectors and the MMU are the arch's RK_INIT_ARCH init function
 * (include/rumpk/init.h). */
/* Free-running cycle counter (rdcycle, PMCCNTR/CNTVCT, TSC). */
uint64_t arch_cycles(void);
/* Stop this CPU for good with interrupts masked. */
rk_noreturn void arch_halt(void);
/* Print every register of a trap frame on the console. */
void arch_dump_frame(const struct rk_trap_frame *f);

/* --- Interrupt masking (local CPU) --------------------------------------- */
/* Mask interrupts; return the previous state for arch_irq_restore. */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);
void arch_irq_enable(void);
/* Sleep until an interrupt arrives. Called with interrupts masked; returns
 * with them masked, the pending interrupt handled (no lost wake-up). */
void arch_wait_for_interrupt(void);

/* --- Fiber contexts ------------------------------------------------------- */
/* Prepare ctx so that switching to it runs entry(arg) on the given stack
 * (stack_top is 16-byte aligned; entry never returns). */
void arch_context_init(struct arch_context *ctx, uintptr_t stack_top,
		       void (*entry)(void *), void *arg);
/* Save the callee-saved state in *from and resume *to. Interrupt state is
 * not part of the context: callers mask interrupts around the switch. */
void arch_context_switch(struct arch_context *from, struct arch_context *to);

/* --- Time ----------------------------------------------------------------- */
/* Monotonic counter behind the kernel clock, and its frequency in Hz. */
uint64_t arch_clock_ticks(void);
uint64_t arch_clock_hz(void);
/* The one-shot deadline interrupt is a timer device the arch or a driver
 * registers (rumpk/drv/timer.h), in arch_clock_ticks() units. */

/* --- Stacks ----------------------------------------------------------------- */
/* Tell the trap entry path the bounds of the stack now in use, so that a
 * trap with the stack pointer below 'low' is reported as a stack overflow
 * on a separate stack instead of faulting again. */
void arch_set_stack_bounds(uintptr_t low, uintptr_t high);
/* Make the page at addr inaccessible (guard page). 0 on success; 1 when the
 * arch runs without an MMU (nothing can be unmapped: only the trap entry's
 * stack-pointer check and the canary catch an overflow); -1 when it could
 * not be done (no memory for a page table): the stack must not be used. */
int arch_guard_page(uintptr_t addr);
/* Make a guard page ordinary memory again before it is freed; returns 0, or
 * -1 when there is no MMU (then it never stopped being ordinary memory). */
int arch_unguard_page(uintptr_t addr);

/* --- Loaded programs (kernel/exec) ------------------------------------------ */
/* Make the page-aligned RAM range [addr, addr + size) executable (exec != 0;
 * it stays writable) or ordinary non-executable data again (exec == 0,
 * before the pages are freed). 0, or -1 when the arch cannot (page-table
 * pool exhausted); 0 where RAM is executable anyway (no MMU, no NX). */
int arch_exec_pages(uintptr_t addr, size_t size, int exec);

#endif
