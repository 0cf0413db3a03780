/* SPDX-License-Identifier: BSD-2-Clause */
/* Stack overflow detection. Every stack has an unmapped guard page below
 * it, so running off the bottom is a page fault with the stack pointer or
 * the fault address just below the stack in use; #PF and #DF run on IST
 * stacks of their own, so they can report it. trap.S also refuses to run
 * a handler whose frame would sit below the stack (a stack without a
 * working guard page). */
#include <rumpk/arch.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#ifdef CONFIG_SCHED
#include <rumpk/fiber.h>
#endif
#include "internal.h"

RK_PERCPU(uintptr_t, x86_stack_low);
RK_PERCPU(uintptr_t, x86_stack_high);
RK_PERCPU(uintptr_t, x86_stack_guard_lo);
RK_PERCPU(uintptr_t, x86_stack_guard_len);

void arch_set_stack_bounds(uintptr_t low, uintptr_t high)
{
	uintptr_t guard_lo = (low & ~(uintptr_t)(X86_PAGE_SIZE - 1)) - X86_PAGE_SIZE;

	RK_THIS(x86_stack_low) = low;
	RK_THIS(x86_stack_high) = high;
	/* From the guard page below the page holding 'low' up to 'low'. */
	RK_THIS(x86_stack_guard_lo) = guard_lo;
	RK_THIS(x86_stack_guard_len) = low - guard_lo;
}

static bool below_stack(uint64_t addr)
{
	return addr - RK_THIS(x86_stack_guard_lo) < RK_THIS(x86_stack_guard_len);
}

bool x86_is_stack_overflow(const struct rk_trap_frame *f)
{
	/* cr2: a push or a store hit the guard page (also the CPU's own push
	 * of an interrupt frame). rsp: the stack pointer already left. */
	return (f->vector == X86_VEC_PF && below_stack(f->cr2)) || below_stack(f->rsp);
}

static const char *stack_owner(void)
{
#ifdef CONFIG_SCHED
	return rk_fiber_self()->name;
#else
	return "boot";
#endif
}

void x86_stack_overflow(struct rk_trap_frame *f)
{
	unsigned long lo = RK_THIS(x86_stack_low), hi = RK_THIS(x86_stack_high);

	if (f->vector == X86_VEC_PF)
		printk("\n*** stack overflow: sp 0x%016llx, access to 0x%016llx below stack "
		       "0x%lx-0x%lx of '%s' (guard page hit)\n",
		       (unsigned long long)f->rsp, (unsigned long long)f->cr2, lo, hi,
		       stack_owner());
	else if (f->vector == X86_VEC_DF)
		printk("\n*** stack overflow: sp 0x%016llx below stack 0x%lx-0x%lx of '%s' "
		       "(double fault)\n", (unsigned long long)f->rsp, lo, hi, stack_owner());
	else
		printk("\n*** stack overflow: trap frame at 0x%016llx (vector %llu, sp 0x%016llx) "
		       "below stack 0x%lx-0x%lx of '%s'\n", (unsigned long long)(uintptr_t)f,
		       (unsigned long long)f->vector, (unsigned long long)f->rsp, lo, hi,
		       stack_owner());
	arch_dump_frame(f);
	rk_panic("stack overflow in '%s'", stack_owner());
}
