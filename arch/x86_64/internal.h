/* SPDX-License-Identifier: BSD-2-Clause */
/* Declarations shared by the files of arch/x86_64 only. */
#ifndef X86_INTERNAL_H
#define X86_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <rumpk/compiler.h>
#include <rumpk/smp.h>
#include <arch/trap_frame.h>
#include <arch/x86.h>

/* stacks.S: the IST stacks and the boot stack, each above a guard page. */
extern char x86_stacks[];
extern char __boot_stack_top[];
/* Guard page below IST stack n, or below the boot stack for n = X86_NR_IST + 1,
 * of the stacks laid out from 'base' as stacks.S lays out the boot CPU's
 * (IST stack n's top is base + n * X86_IST_SLOT). */
#define X86_STACK_GUARD_AT(base, n) ((uintptr_t)(base) + (uintptr_t)((n) - 1) * X86_IST_SLOT)
#define X86_STACK_GUARD(n) X86_STACK_GUARD_AT(x86_stacks, n)

/* The stack in use (arch_set_stack_bounds) as trap.S checks it: a trap
 * frame that starts in [x86_stack_guard_lo, x86_stack_low) ran off the
 * bottom. x86_stack_guard_lo is the start of the guard page below it.
 * Per CPU (trap.S indexes them by the task register with SMP). */
extern RK_PERCPU(uintptr_t, x86_stack_low);
extern RK_PERCPU(uintptr_t, x86_stack_high);
extern RK_PERCPU(uintptr_t, x86_stack_guard_lo);
extern RK_PERCPU(uintptr_t, x86_stack_guard_len);

/* cpu.c */
void x86_cpu_tables_init(void);
#ifdef CONFIG_SMP
/* A secondary CPU: its TSS (IST stacks laid out from 'stacks'), the GDT,
 * the task register (which names it from then on) and the IDT. */
void x86_cpu_tables_init_ap(unsigned cpu, uintptr_t stacks);
#endif
/* mmu.c (arch_guard_page, arch_unguard_page, arch_exec_pages: rumpk/arch.h) */
void x86_mmu_init(void);
#ifdef CONFIG_SMP
/* Page tables that merges took out of use since the last call, which
 * other CPUs may still cache: arch_smp_flush_page frees them once every
 * CPU flushed. */
#define X86_MMU_RETIRED_MAX 8
unsigned x86_mmu_take_retired(void *out[X86_MMU_RETIRED_MAX]);
#endif
/* trap.c */
void x86_trap(struct rk_trap_frame *f);
/* stack.c */
bool x86_is_stack_overflow(const struct rk_trap_frame *f);
rk_noreturn void x86_stack_overflow(struct rk_trap_frame *f);
/* irq.c (CONFIG_TIME): an interrupt vector (>= 32) arrived. */
void x86_interrupt(struct rk_trap_frame *f);

#endif
