/* riscv64 CPU bring-up and the small arch interface. */
#include <rumpk/arch.h>
#include <rumpk/kernel.h>
#include <arch/csr.h>

void riscv_start(unsigned long hartid, uintptr_t dtb);
extern char riscv_trap_entry[];

void riscv_start(unsigned long hartid, uintptr_t dtb)
{
	static struct rk_bootinfo bi;

	bi.entry_cycles = arch_cycles();
	bi.cpu_id = hartid;
	bi.dtb = dtb;
	rk_kernel_main(&bi);
}

void arch_init(void)
{
	csr_write(sscratch, 0);
	csr_write(stvec, (uintptr_t)riscv_trap_entry); /* direct mode */
}

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
