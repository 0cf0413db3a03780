/* aarch64 CPU bring-up and the small arch interface. */
#include <rumpk/arch.h>
#include <rumpk/kernel.h>
#include <arch/sysreg.h>

void aarch64_start(uintptr_t dtb, unsigned long boot_el);
extern char aarch64_vectors[];

unsigned int aarch64_boot_el;

/* Called by entry.S at EL1 on the boot stack with BSS cleared. */
void aarch64_start(uintptr_t dtb, unsigned long boot_el)
{
	static struct rk_bootinfo bi;

	bi.entry_cycles = arch_cycles();
	aarch64_boot_el = (unsigned int)boot_el;
	bi.cpu_id = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	bi.dtb = dtb;
	rk_kernel_main(&bi);
}

void arch_init(void)
{
	write_sysreg(vbar_el1, (uintptr_t)aarch64_vectors);
	isb(); /* the next exception must already use the new table */
}

/* Not CPU cycles: the generic timer's virtual count (CNTVCT_EL0), a
 * constant-rate counter (CNTFRQ_EL0 Hz, 62.5 MHz on QEMU virt) that EL1 can
 * always read. PMCCNTR_EL0 would need the PMU enabled and counts nothing
 * useful under QEMU TCG. The isb keeps the read from being hoisted. */
uint64_t arch_cycles(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

void arch_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		__asm__ volatile("wfi");
}
