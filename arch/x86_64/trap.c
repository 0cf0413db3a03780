/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 trap dispatch: interrupts go to irq.c; exceptions are fatal and
 * print a register dump (a stack overflow says so first). */
#include <rumpk/arch.h>
#include <rumpk/compiler.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/trap_dump.h>
#include <arch/user.h>
#include "internal.h"

static const char *const exception_names[] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range exceeded", "#UD invalid opcode",
	"#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack-segment fault",
	"#GP general protection", "#PF page fault", "reserved",
	"#MF x87 floating-point error", "#AC alignment check",
	"#MC machine check", "#XM SIMD floating-point", "#VE virtualization",
	"#CP control protection", "reserved", "reserved", "reserved",
	"reserved", "reserved", "reserved", "#HV hypervisor injection",
	"#VC VMM communication", "#SX security", "reserved",
};

void arch_dump_frame(const struct rk_trap_frame *f)
{
	static const char ctl_names[] =
		"rip\0" "rflags\0" "cs\0" "ss\0" "error\0" "cr2\0";
	static const char gpr_names[] =
		"rax\0" "rbx\0" "rcx\0" "rdx\0" "rsi\0" "rdi\0" "rbp\0" "r8\0" "r9\0" "r10\0" "r11\0"
		"r12\0" "r13\0" "r14\0" "r15\0" "rsp\0";
	/* The CPU's order (rip, cs, rflags, rsp, ss) is not the reading order. */
	const uint64_t ctl[] = { f->rip, f->rflags, f->cs, f->ss, f->error, f->cr2 };
	const uint64_t gpr[] = {
		f->rax, f->rbx, f->rcx, f->rdx, f->rsi, f->rdi, f->rbp, f->r8, f->r9,
		f->r10, f->r11, f->r12, f->r13, f->r14, f->r15, f->rsp,
	};

	rk_dump_regs(ctl_names, ctl);
	rk_dump_regs(gpr_names, gpr);
}

const char *x86_exception_name(uint64_t vector)
{
	return vector < RK_ARRAY_SIZE(exception_names) ? exception_names[vector] : "unexpected";
}

void x86_trap(struct rk_trap_frame *f)
{
#ifdef CONFIG_SMP
	/* Another CPU panics and sends its stop request as an NMI (smp.c),
	 * whatever this CPU was doing, in ring 3 too. */
	if (f->vector == X86_VEC_NMI && rk_smp_panic_cpu) {
		rk_smp_ipi(f);
		return;
	}
#endif
#ifdef CONFIG_EXEC
	if (f->cs & 3) { /* from ring 3: a program (arch/x86_64/user.c) */
		x86_user_trap(f);
		return;
	}
#endif
#ifdef CONFIG_TIME
	if (f->vector >= 32) {
		x86_interrupt(f);
		return;
	}
#endif
	if ((f->vector == X86_VEC_PF || f->vector == X86_VEC_DF) && x86_is_stack_overflow(f))
		x86_stack_overflow(f);
	printk("\n*** unhandled exception: %s (vector %llu, error 0x%llx) at 0x%016llx\n",
	       f->vector < RK_ARRAY_SIZE(exception_names) ? exception_names[f->vector]
							  : "unexpected interrupt",
	       (unsigned long long)f->vector, (unsigned long long)f->error,
	       (unsigned long long)f->rip);
	if (f->vector == X86_VEC_PF) /* error bits: P, W/R, U/S, RSVD, I/D */
		printk("page fault address 0x%016llx: %s %s\n", (unsigned long long)f->cr2,
		       /* without NX the I/D bit stays 0: a fetch faults at rip */
		       (f->error & 0x10) || f->cr2 == f->rip ? "instruction fetch" :
		       f->error & 0x02 ? "write" : "read",
		       f->error & 0x01 ? "violates page protection" : "of a non-present page");
	arch_dump_frame(f);
	uintptr_t resume;
	if (f->vector != X86_VEC_DF && rk_trap_contain(f->rip, &resume)) {
		f->rip = resume;
		f->rsp = (f->rsp & ~15ull) - 8; /* as if called: the psABI's entry alignment */
		return;
	}
	rk_panic("unhandled exception in kernel mode");
}
