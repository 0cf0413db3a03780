/* SPDX-License-Identifier: BSD-2-Clause */
/* Declarations shared by the files of arch/x86_64 only. */
#ifndef X86_INTERNAL_H
#define X86_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <rumpk/compiler.h>
#include <arch/trap_frame.h>
#include <arch/x86.h>

/* stacks.S: the IST stacks and the boot stack, each above a guard page. */
extern char x86_stacks[];
extern char __boot_stack_top[];
/* Top of the stack of TSS IST slot n (1-based). */
#define X86_IST_TOP(n) ((uintptr_t)x86_stacks + (uintptr_t)(n) * X86_IST_SLOT)
/* Guard page below IST stack n, or below the boot stack for n = X86_NR_IST + 1. */
#define X86_STACK_GUARD(n) ((uintptr_t)x86_stacks + (uintptr_t)((n) - 1) * X86_IST_SLOT)

/* The stack in use (arch_set_stack_bounds) as trap.S checks it: a trap
 * frame that starts in [x86_stack_guard_lo, x86_stack_low) ran off the
 * bottom. x86_stack_guard_lo is the start of the guard page below it. */
extern uintptr_t x86_stack_low, x86_stack_high, x86_stack_guard_lo, x86_stack_guard_len;

/* cpu.c */
void x86_cpu_tables_init(void);
/* mmu.c (arch_guard_page, arch_unguard_page, arch_exec_pages: rumpk/arch.h) */
void x86_mmu_init(void);
/* trap.c */
void x86_trap(struct rk_trap_frame *f);
/* stack.c */
bool x86_is_stack_overflow(const struct rk_trap_frame *f);
rk_noreturn void x86_stack_overflow(struct rk_trap_frame *f);
/* irq.c (CONFIG_TIME): an interrupt vector (>= 32) arrived. */
void x86_interrupt(struct rk_trap_frame *f);

#endif
