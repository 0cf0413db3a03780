/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 CPU bring-up and the small arch interface: cycle counter,
 * interrupt masking, idling, halting, fiber contexts. */
#include <stdbool.h>
#include <rumpk/arch.h>
#include <rumpk/init.h>
#include <rumpk/panic.h>
#include <rumpk/kernel.h>
#include <rumpk/printk.h>
#include <arch/context.h>
#include <arch/mmu.h>
#include <arch/psci.h>
#include <arch/sysreg.h>
#ifdef CONFIG_SMP
#include <arch/smp.h>
#endif

void aarch64_start(uintptr_t dtb, unsigned long boot_el);
extern char aarch64_vectors[];
extern char __boot_stack_top[];
void aarch64_fiber_start(void);

unsigned int aarch64_boot_el;
enum psci_conduit aarch64_psci_conduit;
static bool have_pmu;

/* PMCR_EL0: E (enable), C (reset the cycle counter), LC (64-bit overflow). */
#define PMCR_E (1u << 0)
#define PMCR_C (1u << 2)
#define PMCR_LC (1u << 6)
#define PMCNTEN_CYCLES (1u << 31)
/* DAIF as read with mrs: I is bit 7. */
#define DAIF_I (1u << 7)

/* Start the PMU cycle counter if there is a PMUv3 (entry.S has opened it
 * to EL1 when we came from EL2). PMCCFILTR_EL0 resets to counting at EL0
 * and EL1, which is all that runs. */
static void pmu_init(void)
{
	uint64_t ver = (read_sysreg(id_aa64dfr0_el1) >> ID_AA64DFR0_PMUVER_SHIFT) & 0xf;

	if (ver == 0 || ver == 0xf)
		return;
	write_sysreg(pmcr_el0, PMCR_E | PMCR_C | PMCR_LC);
	write_sysreg(pmcntenset_el0, PMCNTEN_CYCLES);
	isb();
	have_pmu = true;
}

/* Called by entry.S at EL1 on the boot stack (SP_EL0) with BSS cleared and
 * the MMU off; this file is built -mstrict-align for that reason. */
void aarch64_start(uintptr_t dtb, unsigned long boot_el)
{
	static struct rk_bootinfo bi;
	uintptr_t top = (uintptr_t)__boot_stack_top;

#ifdef CONFIG_SMP
	/* Before anything can trap or print: the vectors and rk_cpu_id()
	 * (the console lock asks it) find this CPU's block through it. */
	aarch64_trap_block.exc_floor = (uintptr_t)aarch64_exc_stack + A64_EXC_STACK_RESERVE;
	aarch64_trap_block.hwid = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	write_sysreg(tpidr_el1, (uintptr_t)&aarch64_trap_block);
#endif
	/* Vectors first: a fault during the MMU set-up is then reported (once
	 * the console is up) instead of jumping to an UNKNOWN VBAR. */
	write_sysreg(vbar_el1, (uintptr_t)aarch64_vectors);
	isb();
	arch_set_stack_bounds(top - CONFIG_KERNEL_STACK_SIZE, top);
	pmu_init();
	bi.entry_cycles = arch_cycles();
	aarch64_boot_el = (unsigned int)boot_el;
	psci_set_conduit(boot_el == 2 ? PSCI_SMC : PSCI_HVC);
	aarch64_mmu_init(dtb);
	bi.cpu_id = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	bi.dtb = dtb;
	rk_kernel_main(&bi);
}

/* The CPU level: trap vectors and the MMU, before anything can fault. */
static int arch_cpu_init(const struct rk_bootinfo *bi)
{
	const char *warning = aarch64_mmu_boot_warning();

	/* The vectors and the MMU are in place already (aarch64_start).
	 * SErrors (asynchronous aborts) are reported from now on; IRQ and
	 * FIQ stay masked until the scheduler starts. */
	__asm__ volatile("msr daifclr, #4" ::: "memory");
	/* Text that could not be made read-only is not run with. */
	if (warning)
		rk_panic("%s", warning);
	return 0;
}
RK_INIT(arch_cpu_init, RK_INIT_ARCH);

#ifdef CONFIG_SMP
/* A secondary CPU (smp.c), its MMU on and its trap block in TPIDR_EL1:
 * what aarch64_start and arch_cpu_init do for the boot CPU. */
void aarch64_cpu_init_secondary(void)
{
	write_sysreg(vbar_el1, (uintptr_t)aarch64_vectors);
	isb();
	pmu_init();
	__asm__ volatile("msr daifclr, #4" ::: "memory");
}
#endif

/* PMCCNTR_EL0, the CPU cycle counter, when the PMU has one (under QEMU
 * TCG it advances at a nominal 1 GHz of virtual time); otherwise the
 * generic timer's virtual count CNTVCT_EL0, which ticks at CNTFRQ_EL0
 * (62.5 MHz on QEMU virt). The isb keeps the read from being hoisted
 * above the code being measured. */
uint64_t arch_cycles(void)
{
	isb();
	return have_pmu ? read_sysreg(pmccntr_el0) : read_sysreg(cntvct_el0);
}

void arch_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		__asm__ volatile("wfi");
}

/* --- Interrupt masking ---------------------------------------------------
 * I and F together: the GIC is set up to signal IRQs only, but a stray FIQ
 * must not slip into a masked section either. */

unsigned long arch_irq_save(void)
{
	unsigned long flags = read_sysreg(daif);

	__asm__ volatile("msr daifset, #3" ::: "memory");
	return flags;
}

/* The immediate forms rather than 'msr daif, flags': the common restore
 * to the masked state of an enclosing section is then a plain PSTATE
 * update (QEMU has to leave its translated code after a DAIF register
 * write, and after any unmasking). Only I and F are ever changed here. */
void arch_irq_restore(unsigned long flags)
{
	if (flags & DAIF_I)
		__asm__ volatile("msr daifset, #3" ::: "memory");
	else
		__asm__ volatile("msr daifclr, #3" ::: "memory");
}

void arch_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #3" ::: "memory");
}

/* WFI wakes up for a pending interrupt even while PSTATE masks it, so
 * sleeping masked cannot miss a wake-up. Unmasking then takes it (the isb
 * is the context synchronisation that guarantees it is taken before the
 * mask is set again). The dsb completes outstanding memory accesses first,
 * as the architecture recommends before WFI. */
void arch_wait_for_interrupt(void)
{
	__asm__ volatile("dsb sy\n\twfi\n\tmsr daifclr, #3\n\tisb\n\tmsr daifset, #3" ::: "memory");
}

/* --- Fiber contexts ------------------------------------------------------ */

void arch_context_init(struct arch_context *ctx, uintptr_t stack_top,
		       void (*entry)(void *), void *arg)
{
	*ctx = (struct arch_context){
		.x19_x28 = { (uintptr_t)entry, (uintptr_t)arg },
		.lr = (uintptr_t)aarch64_fiber_start,
		.sp = stack_top,
	};
}
