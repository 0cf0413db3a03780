/* aarch64 exception handling: every exception is fatal for now and prints a
 * register dump in the layout the other architectures use. */
#include <rumpk/arch.h>
#include <rumpk/compiler.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <rumpk/trap_dump.h>
#include <arch/trap_frame.h>

void aarch64_trap(struct rk_trap_frame *f, unsigned long kind);

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define INSN_HLT_SEMIHOSTING 0xd45e0000 /* hlt #0xf000 */

/* ESR_ELx exception classes (Arm ARM D17.2.37) that a kernel meets. */
static const char *ec_name(unsigned ec)
{
	switch (ec) {
	case 0x00: return "unknown reason (undefined instruction)";
	case 0x01: return "trapped WFI/WFE";
	case 0x07: return "trapped SIMD/FP access";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC instruction";
	case 0x16: return "HVC instruction";
	case 0x17: return "SMC instruction";
	case 0x18: return "trapped system register access";
	case 0x20: return "instruction abort from a lower EL";
	case 0x21: return "instruction abort";
	case 0x22: return "PC alignment fault";
	case 0x24: return "data abort from a lower EL";
	case 0x25: return "data abort";
	case 0x26: return "SP alignment fault";
	case 0x2f: return "SError";
	case 0x3c: return "BRK instruction";
	default: return "unknown exception class";
	}
}

void arch_dump_frame(const struct rk_trap_frame *f)
{
	static const char *const ctl_names[] = { "elr", "spsr", "esr", "far" };
	static const char *const gpr_names[] = {
		"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
		"x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18",
		"x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27",
		"x28", "x29", "x30", "sp",
	};
	rk_dump_regs(ctl_names, &f->elr, RK_ARRAY_SIZE(ctl_names));
	rk_dump_regs(gpr_names, f->x, RK_ARRAY_SIZE(gpr_names)); /* x[], then sp */
}

/* kind: see the vector table in vectors.S (4 * source + type). */
void aarch64_trap(struct rk_trap_frame *f, unsigned long kind)
{
	static const char *const types[] = { "synchronous exception", "IRQ", "FIQ", "SError" };
	static const char *const sources[] = {
		"EL1 on SP_EL0", "EL1", "EL0 (AArch64)", "EL0 (AArch32)",
	};

	/* IRQ/FIQ: no interrupt controller is set up yet; SError: an
	 * asynchronous abort, its ESR holds what little is known. */
	if ((kind & 3) != 0)
		rk_panic("unexpected %s from %s at 0x%016llx (ESR 0x%08llx)",
			 types[kind & 3], sources[(kind >> 2) & 3],
			 (unsigned long long)f->elr, (unsigned long long)f->esr);
	printk("\n*** unhandled exception: %s (ESR 0x%08llx) at 0x%016llx\n",
	       ec_name(ESR_EC(f->esr)), (unsigned long long)f->esr,
	       (unsigned long long)f->elr);
	/* QEMU without -semihosting makes the semihosting trap undefined. */
	if (ESR_EC(f->esr) == 0 && *(const uint32_t *)f->elr == INSN_HLT_SEMIHOSTING)
		printk("(a semihosting call: run QEMU with -semihosting)\n");
	arch_dump_frame(f);
	rk_panic("unhandled exception in kernel mode");
}
