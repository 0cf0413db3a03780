/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 trap handling: interrupts go to the kernel's timer and irq code,
 * exceptions are fatal and print a register dump, unless the faulting
 * instruction is a listed probe (arch/fixup.h). trap.S does the saving. */
#include <stdbool.h>
#include <rumpk/arch.h>
#include <rumpk/compiler.h>
#include <rumpk/irq.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/time.h>
#include <rumpk/trap_dump.h>
#include <arch/csr.h>
#include <arch/fixup.h>
#include <arch/trap_frame.h>
#include <arch/trap_stack.h>
#include <arch/user.h>

void riscv_interrupt(struct rk_trap_frame *f, uint64_t scause);
void riscv_exception(struct rk_trap_frame *f);

extern char riscv_trap_entry[];
extern const struct rv_fixup __rk_fixup_start[], __rk_fixup_end[]; /* link.ld.S */

static const char *const exception_names[] = {
	"instruction address misaligned", "instruction access fault",
	"illegal instruction", "breakpoint", "load address misaligned",
	"load access fault", "store/AMO address misaligned",
	"store/AMO access fault", "environment call from U-mode",
	"environment call from S-mode", "reserved", "environment call from M-mode",
	"instruction page fault", "load page fault", "reserved",
	"store/AMO page fault",
};

const char *riscv_exception_name(uint64_t cause)
{
	return cause < RK_ARRAY_SIZE(exception_names) ? exception_names[cause] : "unknown";
}

void riscv_trap_init(void)
{
	riscv_trap_stack_init();
	csr_write(stvec, (uintptr_t)riscv_trap_entry); /* direct mode */
}

void arch_dump_frame(const struct rk_trap_frame *f)
{
	static const char csr_names[] =
		"sepc\0" "sstatus\0" "scause\0" "stval\0";
	static const char gpr_names[] =
		"ra\0" "sp\0" "gp\0" "tp\0" "t0\0" "t1\0" "t2\0" "s0\0" "s1\0" "a0\0" "a1\0" "a2\0"
		"a3\0" "a4\0" "a5\0" "a6\0" "a7\0" "s2\0" "s3\0" "s4\0" "s5\0" "s6\0" "s7\0" "s8\0"
		"s9\0" "s10\0" "s11\0" "t3\0" "t4\0" "t5\0" "t6\0";
	rk_dump_regs(csr_names, &f->sepc);
	rk_dump_regs(gpr_names, f->x);
}

void riscv_interrupt(struct rk_trap_frame *f, uint64_t scause)
{
	uint64_t cause = scause & ~SCAUSE_INTERRUPT;

#ifdef CONFIG_TIME
	/* The timer source is quiet again once rk_timer_interrupt programs
	 * the next deadline (or disarms); the PLIC dispatch completes every
	 * claim. Both happen before rk_irq_exit, which may switch fibers. */
	if (cause == IRQ_S_TIMER) {
		rk_irq_enter();
		rk_timer_interrupt();
		rk_irq_exit();
		return;
	}
	if (cause == IRQ_S_EXT) {
		rk_irq_enter();
		rk_irq_external();
		rk_irq_exit();
		return;
	}
#endif
#ifdef CONFIG_SMP
	/* An IPI (SBI send_ipi sets our SSIP): clear it before looking at
	 * the ring, so that a message sent after the look interrupts again. */
	if (cause == IRQ_S_SOFT) {
		csr_clear(sip, SIE_SSIE); /* SSIP: the same bit in sip */
		/* A stop request dumps this frame: give what an interrupt does
		 * not save defined values (sp; 0 for gp, tp, s0-s11 and stval). */
		static const unsigned char unsaved[] = { 3, 4, 8, 9, 18, 19, 20, 21,
							 22, 23, 24, 25, 26, 27 };
		for (unsigned i = 0; i < sizeof(unsaved); i++)
			f->x[unsaved[i] - 1] = 0;
		f->x[1] = (uintptr_t)f + RK_TRAP_FRAME_SIZE;
		f->stval = 0;
		rk_irq_enter();
		rk_smp_ipi(f);
		rk_irq_exit();
		return;
	}
#endif
	rk_panic("unexpected interrupt %llu at 0x%016llx", (unsigned long long)cause,
		 (unsigned long long)f->sepc);
}

static bool is_page_fault(uint64_t cause)
{
	return cause == EXC_INSN_PAGE_FAULT || cause == EXC_LOAD_PAGE_FAULT ||
	       cause == EXC_STORE_PAGE_FAULT;
}

/* The resume pc of a listed faulting pc, or 0. A linear walk: the table
 * holds a handful of probes, and a hit happens once per probe per boot. */
static uintptr_t fixup_find(uintptr_t pc)
{
	for (const struct rv_fixup *x = __rk_fixup_start; x < __rk_fixup_end; x++)
		if (x->fault == pc)
			return x->resume;
	return 0;
}

void riscv_exception(struct rk_trap_frame *f)
{
	uint64_t cause = f->scause;

	/* Expected exceptions: feature probes resume past the instruction. */
	uintptr_t resume = fixup_find(f->sepc);
	if (resume) {
		f->sepc = resume;
		return;
	}
	printk("\n*** unhandled exception: %s (scause %llu) at 0x%016llx",
	       cause < RK_ARRAY_SIZE(exception_names) ? exception_names[cause] : "unknown",
	       (unsigned long long)cause, (unsigned long long)f->sepc);
	if (is_page_fault(cause) || (cause >= 4 && cause <= 7))
		printk(", address 0x%016llx%s", (unsigned long long)f->stval,
		       f->stval < 4096 ? " (null pointer dereference)" : "");
	printk("\n");
	arch_dump_frame(f);
	if (rk_trap_contain(f->sepc, &resume)) {
		f->sepc = resume;
		return;
	}
	rk_panic("unhandled exception in kernel mode");
}
