/* riscv64 trap handling: exceptions are fatal and print a register dump. */
#include <rumpk/arch.h>
#include <rumpk/compiler.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <rumpk/trap_dump.h>
#include <arch/csr.h>
#include <arch/trap_frame.h>

void riscv_trap(struct rk_trap_frame *f);

static const char *const exception_names[] = {
	"instruction address misaligned", "instruction access fault",
	"illegal instruction", "breakpoint", "load address misaligned",
	"load access fault", "store/AMO address misaligned",
	"store/AMO access fault", "environment call from U-mode",
	"environment call from S-mode", "reserved", "environment call from M-mode",
	"instruction page fault", "load page fault", "reserved",
	"store/AMO page fault",
};

void arch_dump_frame(const struct rk_trap_frame *f)
{
	static const char *const csr_names[] = { "sepc", "sstatus", "scause", "stval" };
	static const char *const gpr_names[] = {
		"ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1",
		"a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6",
		"s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};
	rk_dump_regs(csr_names, &f->sepc, RK_ARRAY_SIZE(csr_names));
	rk_dump_regs(gpr_names, f->x, RK_ARRAY_SIZE(gpr_names));
}

void riscv_trap(struct rk_trap_frame *f)
{
	uint64_t cause = f->scause & ~SCAUSE_INTERRUPT;

	if (f->scause & SCAUSE_INTERRUPT)
		rk_panic("unexpected interrupt %llu", (unsigned long long)cause);
	printk("\n*** unhandled exception: %s (scause %llu) at 0x%016llx\n",
	       cause < RK_ARRAY_SIZE(exception_names) ? exception_names[cause] : "unknown",
	       (unsigned long long)cause, (unsigned long long)f->sepc);
	arch_dump_frame(f);
	rk_panic("unhandled exception in kernel mode");
}
