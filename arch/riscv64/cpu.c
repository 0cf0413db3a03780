/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 CPU bring-up and the small arch interface: interrupt masking,
 * idling, fiber contexts, the cycle counter. */
#include <rumpk/arch.h>
#include <rumpk/init.h>
#include <rumpk/kernel.h>
#include <arch/context.h>
#include <arch/csr.h>
#include <arch/mmu.h>
#include <arch/trap_stack.h>

void riscv_start(unsigned long hartid, uintptr_t dtb);
extern char riscv_fiber_start[];

void riscv_start(unsigned long hartid, uintptr_t dtb)
{
	static struct rk_bootinfo bi;

	bi.entry_cycles = arch_cycles();
#ifdef CONFIG_SMP
	/* First: rk_cpu_id() reads the trap block through sscratch, and the
	 * console lock asks it from the first printk on. */
	riscv_trap_stack_init();
#endif
	bi.cpu_id = hartid;
	bi.dtb = dtb;
	rk_kernel_main(&bi);
}

/* The CPU level: trap vectors and the MMU, before anything can fault. */
static int arch_cpu_init(const struct rk_bootinfo *bi)
{
	riscv_trap_init(); /* first: a mistake in the MMU set-up then gets a dump */
	riscv_mmu_init();
	return 0;
}
RK_INIT(arch_cpu_init, RK_INIT_ARCH);

uint64_t arch_cycles(void)
{
	uint64_t c;
	__asm__ volatile("rdcycle %0" : "=r"(c));
	return c;
}

void arch_halt(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
	for (;;)
		__asm__ volatile("wfi");
}

/* --- Interrupt masking: sstatus.SIE is the whole story on one hart. ------- */

unsigned long arch_irq_save(void)
{
	unsigned long old;
	__asm__ volatile("csrrci %0, sstatus, %1" : "=r"(old) : "i"(SSTATUS_SIE) : "memory");
	return old & SSTATUS_SIE;
}

void arch_irq_restore(unsigned long flags)
{
	/* flags is SSTATUS_SIE or 0: setting 0 changes nothing, no branch. */
	csr_set(sstatus, flags);
}

void arch_irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

void arch_wait_for_interrupt(void)
{
	/* wfi wakes on any interrupt enabled in sie even while sstatus.SIE is
	 * clear, and returns at once if one is already pending, so nothing
	 * can slip in between the caller's check and the sleep. The interrupt
	 * is then taken in the short window with SIE set. */
	__asm__ volatile("wfi\n\t"
			 "csrsi sstatus, %0\n\t"
			 "csrci sstatus, %0"
			 :: "i"(SSTATUS_SIE) : "memory");
}

/* --- Fiber contexts (the switch itself is in context.S) ------------------- */

void arch_context_init(struct arch_context *ctx, uintptr_t stack_top,
		       void (*entry)(void *), void *arg)
{
	*ctx = (struct arch_context){
		.ra = (uintptr_t)riscv_fiber_start,
		.sp = stack_top,
		.s = { [0] = 0 /* frame pointer: end of chain */,
		       [1] = (uintptr_t)entry, [2] = (uintptr_t)arg },
	};
}
