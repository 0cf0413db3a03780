/* SPDX-License-Identifier: BSD-2-Clause */
/* Stack bounds for the trap entry check, and the reports for a stack that
 * overflowed (see include/arch/trap_stack.h for the scheme). */
#include <rumpk/arch.h>
#include <rumpk/panic.h>
#include <rumpk/power.h>
#include <rumpk/printk.h>
#include <arch/trap_frame.h>
#include <arch/trap_stack.h>
#ifdef CONFIG_SCHED
#include <rumpk/fiber.h>
#endif

#define GUARD_SIZE 4096
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_DABT 0x25
#define ISS_FNV (1u << 10)
#define ISS_WNR (1u << 6)

/* Called on every fiber switch, with interrupts masked: keep it short. */
void arch_set_stack_bounds(uintptr_t low, uintptr_t high)
{
	struct aarch64_trap_block *b = aarch64_this_block();

	b->low = low;
	b->high = high;
	b->limit = low + RK_TRAP_FRAME_SIZE;
	b->span = high - b->limit;
}

int aarch64_in_guard_page(uintptr_t addr)
{
	uintptr_t low = aarch64_this_block()->low;

	return addr < low && addr >= low - GUARD_SIZE;
}

static const char *stack_owner(void)
{
#ifdef CONFIG_SCHED
	const struct rk_fiber *f = rk_fiber_self();
	return f ? f->name : "?";
#else
	return "boot";
#endif
}

/* On the exception stack; f may sit on the overflowed stack (guard page
 * hit) or on the exception stack (caught at entry). */
void aarch64_stack_overflow(struct rk_trap_frame *f, unsigned long kind)
{
	static const char *const types[] = { "exception", "IRQ", "FIQ", "SError" };
	const struct aarch64_trap_block *b = aarch64_this_block();
	const char *owner = stack_owner();
	unsigned long long sp = f->sp;

	if (sp > b->high) {
		/* Not an overflow: the stack pointer is garbage. */
		printk("\n*** bad stack pointer: sp 0x%016llx above stack 0x%lx-0x%lx of '%s'\n", sp,
		       (unsigned long)b->low, (unsigned long)b->high, owner);
		arch_dump_frame(f);
		rk_panic("bad stack pointer in '%s'", owner);
	}
	printk("\n*** stack overflow: sp 0x%016llx %s stack 0x%lx-0x%lx of '%s' (", sp,
	       sp < b->low ? "below" : sp < b->limit ? "at the bottom of" : "within", (unsigned long)b->low,
	       (unsigned long)b->high, owner);
	if (A64_KIND_TYPE(kind) == A64_TYPE_SYNC && ESR_EC(f->esr) == EC_DABT &&
	    !(f->esr & ISS_FNV) && aarch64_in_guard_page(f->far))
		printk("guard page hit by a %s of 0x%016llx)\n", f->esr & ISS_WNR ? "write" : "read",
		       (unsigned long long)f->far);
	else
		printk("no room for the trap frame of an %s)\n", types[A64_KIND_TYPE(kind)]);
	arch_dump_frame(f);
	rk_panic("stack overflow in '%s'", owner);
}

void aarch64_guard_page_hit(struct rk_trap_frame *f, unsigned long kind)
{
	aarch64_on_exception_stack(f, kind, aarch64_stack_overflow);
}

/* Faults nest on the exception stack until it is nearly used up (a fault
 * in the fault report itself, over and over): stop without the details
 * that keep faulting. A second arrival means even that failed. */
void aarch64_fault_loop(void)
{
	static int entered;

	if (entered++)
		arch_halt();
	printk("\n*** fault loop: exceptions keep nesting on the exception stack\n");
	rk_poweroff(RK_EXIT_PANIC);
}
