/* SPDX-License-Identifier: BSD-2-Clause */
/* Stack-overflow detection: the per-CPU trap block, the emergency stack it
 * tops, the stack bounds the scheduler reports, and the report itself.
 *
 * trap.S refuses to push a frame onto a stack whose sp is below
 * trap_block.limit = low + frame + slack. A fiber that runs into the guard
 * page below its stack faults with sp already below 'low' (the ABI has no
 * red zone: every stack access is at sp or above), so the fault lands here;
 * so does any trap that arrives when the stack has no room for its frame. */
#include <stdbool.h>
#include <rumpk/arch.h>
#include <rumpk/compiler.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <arch/csr.h>
#include <arch/trap_stack.h>
#include <rumpk/smp.h>
#ifdef CONFIG_SCHED
#include <rumpk/fiber.h>
#endif

/* Enough for printk (its line buffer is on the stack) and rk_panic. */
#define EMERGENCY_STACK_SIZE ((4096 + 2 * CONFIG_PRINTK_BUFFER_SIZE + 15) & ~15)
/* Room kept free above 'low': fiber.c keeps its canary in the lowest words
 * of a stack, which a trap frame must not overwrite either. */
#define STACK_SLACK 64
#define GUARD_SIZE 4096

extern char __boot_stack_top[];

struct emergency {
	_Alignas(16) uint8_t stack[EMERGENCY_STACK_SIZE];
	struct riscv_trap_block block; /* the emergency stack's top */
};
static RK_PERCPU(struct emergency, emergency);

void arch_set_stack_bounds(uintptr_t low, uintptr_t high)
{
	struct riscv_trap_block *b = &RK_THIS(emergency).block;

	b->limit = low + RK_TRAP_FRAME_SIZE + STACK_SLACK;
	b->low = low;
	b->high = high;
}

void riscv_trap_stack_init(void)
{
	uintptr_t top = (uintptr_t)__boot_stack_top;

	/* sscratch first: with SMP, RK_THIS finds this CPU through it. */
	csr_write(sscratch, (uintptr_t)&RK_ON(emergency, 0).block);
	arch_set_stack_bounds(top - CONFIG_KERNEL_STACK_SIZE, top);
}

#ifdef CONFIG_SMP
void riscv_trap_stack_init_cpu(unsigned cpu, unsigned long hartid, uintptr_t low, uintptr_t high)
{
	struct riscv_trap_block *b = &RK_ON(emergency, cpu).block;

	b->cpu = cpu;
	b->hartid = hartid;
	csr_write(sscratch, (uintptr_t)b);
	arch_set_stack_bounds(low, high);
}
#endif

void riscv_stack_overflow(struct rk_trap_frame *f)
{
	const struct riscv_trap_block *b = &RK_THIS(emergency).block;
	uint64_t sp = f->x[1], cause = f->scause;
	bool page_fault = !(cause & SCAUSE_INTERRUPT) &&
			  (cause == EXC_LOAD_PAGE_FAULT || cause == EXC_STORE_PAGE_FAULT);

	printk("\n*** stack overflow: sp 0x%016llx %s stack 0x%llx-0x%llx",
	       (unsigned long long)sp, sp < b->low ? "below" : "at the bottom of",
	       (unsigned long long)b->low, (unsigned long long)b->high);
#ifdef CONFIG_SCHED
	printk(" of fiber '%s'", rk_fiber_self()->name);
#endif
	if (page_fault && f->stval < b->low && f->stval >= b->low - GUARD_SIZE)
		printk(" (guard page hit at 0x%016llx)\n", (unsigned long long)f->stval);
	else if (sp < b->low)
		printk(" (trap with scause 0x%llx at 0x%016llx)\n",
		       (unsigned long long)cause, (unsigned long long)f->sepc);
	else
		printk(" (no room for a %d-byte trap frame)\n", RK_TRAP_FRAME_SIZE);
	arch_dump_frame(f);
	rk_panic("stack overflow (sp 0x%llx, stack 0x%llx-0x%llx)", (unsigned long long)sp,
		 (unsigned long long)b->low, (unsigned long long)b->high);
}
