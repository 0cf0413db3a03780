/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 exception handling: IRQs go to the generic interrupt code; every
 * other exception is fatal and prints a register dump in the layout the
 * other architectures use. vectors.S calls aarch64_trap on the stack that
 * holds the frame (the interrupted fiber's, or the exception stack). */
#include <stdbool.h>
#include <rumpk/arch.h>
#include <rumpk/compiler.h>
#include <rumpk/irq.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <rumpk/trap_dump.h>
#include <arch/trap_frame.h>
#include <arch/trap_stack.h>

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_IABT 0x21 /* instruction abort, same EL */
#define EC_DABT 0x25 /* data abort, same EL */
#define ISS_FNV (1u << 10)  /* FAR not valid */
#define ISS_WNR (1u << 6)   /* data abort: caused by a write */
#define ISS_FSC(esr) ((unsigned)(esr) & 0x3f)
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

/* Instruction/data fault status codes (ESR ISS bits 5:0). */
static const char *fault_name(unsigned fsc)
{
	switch (fsc & 0x3c) {
	case 0x00: return "address size fault";
	case 0x04: return "translation fault";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	}
	switch (fsc) {
	case 0x10: return "synchronous external abort";
	case 0x21: return "alignment fault";
	case 0x30: return "TLB conflict abort";
	default: return "fault";
	}
}

void arch_dump_frame(const struct rk_trap_frame *f)
{
	static const char ctl_names[] =
		"elr\0" "spsr\0" "esr\0" "far\0";
	static const char gpr_names[] =
		"x0\0" "x1\0" "x2\0" "x3\0" "x4\0" "x5\0" "x6\0" "x7\0" "x8\0" "x9\0" "x10\0" "x11\0"
		"x12\0" "x13\0" "x14\0" "x15\0" "x16\0" "x17\0" "x18\0" "x19\0" "x20\0" "x21\0"
		"x22\0" "x23\0" "x24\0" "x25\0" "x26\0" "x27\0" "x28\0" "x29\0" "x30\0" "sp\0";
	rk_dump_regs(ctl_names, &f->elr);
	rk_dump_regs(gpr_names, f->x); /* x[], then sp */
}

/* The second line of an abort report: what was accessed and why it failed. */
static void explain_abort(const struct rk_trap_frame *f)
{
	unsigned ec = ESR_EC(f->esr), fsc = ISS_FSC(f->esr);
	const char *access = ec == EC_IABT ? "instruction fetch" : f->esr & ISS_WNR ? "write" : "read";

	if (f->esr & ISS_FNV) {
		printk("    %s at an unknown address: %s\n", access, fault_name(fsc));
		return;
	}
	printk("    %s of 0x%016llx: %s", access, (unsigned long long)f->far, fault_name(fsc));
	if ((fsc & 0x30) == 0 && (fsc & 0x3c) != 0)
		printk(", level %u", fsc & 3);
	printk("%s\n", f->far < 0x200000 ? " (null pointer dereference)" : "");
}

/* What went wrong, and the registers. */
static void report(const struct rk_trap_frame *f, unsigned long kind)
{
	static const char *const types[] = { "synchronous exception", "IRQ", "FIQ", "SError" };
	unsigned type = A64_KIND_TYPE(kind), ec = ESR_EC(f->esr);
	bool sync = type == A64_TYPE_SYNC;

	printk("\n*** unhandled exception: %s (ESR 0x%08llx) at 0x%016llx%s\n",
	       sync ? ec_name(ec) : types[type], (unsigned long long)f->esr,
	       (unsigned long long)f->elr,
	       A64_KIND_SRC(kind) == A64_SRC_EXC_STACK ? " on the exception stack" :
	       A64_KIND_SRC(kind) != A64_SRC_KERNEL ? " from EL0" : "");
	if (sync && (ec == EC_IABT || ec == EC_DABT))
		explain_abort(f);
	/* QEMU without -semihosting makes the semihosting trap undefined. */
	if (sync && ec == 0 && *(const uint32_t *)f->elr == INSN_HLT_SEMIHOSTING)
		printk("(a semihosting call: run QEMU with -semihosting)\n");
	arch_dump_frame(f);
}


/* An IRQ from kernel code. The irqchip acknowledges and completes every
 * interrupt it dispatches (the timer's too: it is a GIC PPI whose handler
 * calls rk_timer_interrupt) before rk_irq_exit, which may switch fibers. */
static void irq(struct rk_trap_frame *f, unsigned long kind)
{
#ifdef CONFIG_TIME
#ifdef CONFIG_SMP
	/* For an IPI's stop request, which dumps the interrupted context
	 * (smp.c). IRQs do not nest: one frame per CPU. */
	aarch64_this_block()->irq_frame = f;
#endif
	rk_irq_enter();
	rk_irq_external();
	rk_irq_exit();
#else
	report(f, kind); /* nothing ever unmasks IRQs without CONFIG_TIME */
	rk_panic("unhandled exception in kernel mode");
#endif
}

void aarch64_trap(struct rk_trap_frame *f, unsigned long kind)
{
	if (kind == A64_KIND(A64_SRC_KERNEL, A64_TYPE_IRQ)) {
		irq(f, kind);
		return;
	}
	/* A fault in the guard page below the stack whose stack pointer was
	 * still high enough for a trap frame (a large frame allocated and
	 * then stored to, say): an overflow all the same. */
	if (kind == A64_KIND(A64_SRC_KERNEL, A64_TYPE_SYNC) && ESR_EC(f->esr) == EC_DABT &&
	    !(f->esr & ISS_FNV) && aarch64_in_guard_page(f->far))
		aarch64_guard_page_hit(f, kind);
	report(f, kind);
	uintptr_t resume;
	if (kind == A64_KIND(A64_SRC_KERNEL, A64_TYPE_SYNC) && rk_trap_contain(f->elr, &resume)) {
		f->elr = resume;
		return;
	}
	rk_panic("unhandled exception in kernel mode");
}
