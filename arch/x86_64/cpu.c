/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 CPU bring-up (GDT with a TSS, IDT, MMU) and the small arch
 * interface: interrupt masking, idling, the cycle counter. */
#include <rumpk/arch.h>
#include <rumpk/init.h>
#include <rumpk/kernel.h>
#include <rumpk/smp.h>
#include <rumpk/x86_irq.h>
#include <arch/pvh.h>
#include <arch/user.h>
#include "internal.h"

#define X86_NR_EXCEPTIONS 32
#define IDT_INTERRUPT_GATE 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define TSS_AVAILABLE 0x89      /* present, DPL 0, available 64-bit TSS */

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3]; /* stacks for entry from rings 0-2: unused, ring 0 only */
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct descriptor_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

void x86_start(uint32_t pvh_start_info);
extern const uintptr_t x86_vector_table[X86_NR_EXCEPTIONS];
extern const uintptr_t x86_interrupt_stubs[X86_NR_IRQ_VECTORS];
extern const char x86_timer_stub[], x86_lapic_error_stub[], x86_spurious_stub[];
extern const char x86_user_trap_stub[], x86_ipi_stub[];

/* Gates that are not filled in stay not present: a stray vector then
 * raises #NP with a register dump instead of vanishing. */
static struct idt_gate idt[256] rk_aligned(16);
static RK_PERCPU(struct tss, tss) rk_aligned(16);
#ifdef CONFIG_SMP
#define GDT_ENTRIES (X86_TSS_SEL_CPU(RK_NR_CPUS) / 8)
#define TSS_SEL(cpu) X86_TSS_SEL_CPU(cpu)
/* This CPU's #DF stack, where trap.S reports a stack overflow. */
RK_PERCPU(uintptr_t, x86_df_stack_tops);
#else
#define GDT_ENTRIES 8
#define TSS_SEL(cpu) X86_TSS_SEL
#endif
/* Same code and data descriptors as the boot GDT in entry.S (so the
 * segment registers need no reload), plus the TSS (one per CPU with SMP,
 * see arch/x86.h). Writable: ltr marks the TSS descriptor busy. */
static uint64_t gdt[GDT_ENTRIES] rk_aligned(16) = {
	0,
	0x00af9b000000ffff, /* X86_KERNEL_CS: L=1, DPL 0, execute/read */
	0x00cf93000000ffff, /* X86_KERNEL_DS: read/write */
	0, 0,               /* X86_TSS_SEL: 16 bytes, filled in at run time */
	/* Ring 3 (arch/user.h), in the order sysret expects: 32-bit code
	 * (unused), data, 64-bit code. */
	0,
	0x00cff3000000ffff, /* X86_USER_DS: DPL 3, read/write */
	0x00affb000000ffff, /* X86_USER_CS: L=1, DPL 3, execute/read */
};

/* Traps from ring 3 switch to this stack (arch/x86_64/user.c). */
void x86_set_rsp0(uint64_t rsp0)
{
	RK_THIS(tss).rsp[0] = rsp0;
}

/* Called by entry.S in long mode on the boot stack, BSS cleared. */
void x86_start(uint32_t pvh_start_info)
{
	static struct rk_bootinfo bi;
	uint32_t r[4];

	bi.entry_cycles = arch_cycles();
#ifdef CONFIG_SMP
	/* First: rk_cpu_id() reads the task register, and the console lock
	 * asks it from the first printk on. */
	x86_cpu_tables_init();
#endif
	x86_cpuid(1, r);
	bi.cpu_id = r[1] >> 24; /* initial APIC id */
	bi.pvh_start = pvh_start_info;
	if (pvh_start_info) {
		const struct hvm_start_info *si = (const void *)(uintptr_t)pvh_start_info;

		if (si->cmdline_paddr)
			bi.cmdline = (const char *)(uintptr_t)si->cmdline_paddr;
	}
	rk_kernel_main(&bi);
}

static void set_gate(unsigned vector, uintptr_t handler, unsigned ist)
{
	/* Interrupt gates: the handler runs with interrupts masked. */
	idt[vector] = (struct idt_gate){
		.offset_lo = (uint16_t)handler,
		.selector = X86_KERNEL_CS,
		.ist = (uint8_t)ist,
		.type = IDT_INTERRUPT_GATE,
		.offset_mid = (uint16_t)(handler >> 16),
		.offset_hi = (uint32_t)(handler >> 32),
	};
}

/* cpu's TSS, whose IST stacks are laid out from 'stacks' as stacks.S lays
 * out the boot CPU's, then the GDT and the task register. */
static void load_gdt_tss(unsigned cpu, uintptr_t stacks)
{
	struct tss *ts = &RK_ON(tss, cpu);
	uintptr_t t = (uintptr_t)ts;
	struct descriptor_ptr gdtr = { sizeof(gdt) - 1, (uintptr_t)gdt };

	for (unsigned n = 1; n <= X86_NR_IST; n++)
		ts->ist[n - 1] = stacks + n * X86_IST_SLOT;
#ifdef CONFIG_SMP
	RK_ON(x86_df_stack_tops, cpu) = ts->ist[X86_IST_DF - 1];
#endif
	ts->iomap_base = sizeof(*ts); /* no I/O permission bitmap */
	gdt[TSS_SEL(cpu) / 8] = (sizeof(*ts) - 1) | (t & 0xffffff) << 16 |
				(uint64_t)TSS_AVAILABLE << 40 | (t >> 24 & 0xff) << 56;
	gdt[TSS_SEL(cpu) / 8 + 1] = t >> 32;
	__asm__ volatile("lgdt %0\n\tltr %w1" : : "m"(gdtr), "r"(TSS_SEL(cpu)) : "memory");
}

#ifdef CONFIG_SMP
void x86_cpu_tables_init_ap(unsigned cpu, uintptr_t stacks)
{
	struct descriptor_ptr idtr = { sizeof(idt) - 1, (uintptr_t)idt };

	load_gdt_tss(cpu, stacks);
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}
#endif

void x86_cpu_tables_init(void)
{
	struct descriptor_ptr idtr = { sizeof(idt) - 1, (uintptr_t)idt };

	load_gdt_tss(0, (uintptr_t)x86_stacks);

	for (unsigned v = 0; v < X86_NR_EXCEPTIONS; v++)
		set_gate(v, x86_vector_table[v], 0);
	/* Exceptions that must work whatever state the stack is in. #PF is
	 * one of them because a fiber's stack overflow is a #PF on its guard
	 * page, which could not even push its frame on the same stack. */
	set_gate(X86_VEC_DF, x86_vector_table[X86_VEC_DF], X86_IST_DF);
	set_gate(X86_VEC_NMI, x86_vector_table[X86_VEC_NMI], X86_IST_NMI);
	set_gate(X86_VEC_MC, x86_vector_table[X86_VEC_MC], X86_IST_MC);
	set_gate(X86_VEC_PF, x86_vector_table[X86_VEC_PF], X86_IST_PF);
#ifdef CONFIG_EXEC
	/* The programs' trap (arch/user.h): the one gate ring 3 may use. */
	set_gate(X86_VEC_USER_TRAP, (uintptr_t)x86_user_trap_stub, 0);
	idt[X86_VEC_USER_TRAP].type = IDT_INTERRUPT_GATE | 0x60; /* DPL 3 */
#endif
#ifdef CONFIG_TIME
	/* Interrupts stay on the interrupted fiber's stack (no IST): the
	 * scheduler may switch fibers inside the handler, and an IST stack
	 * would be reused by the next interrupt. */
	for (unsigned n = 0; n < X86_NR_IRQ_VECTORS; n++)
		set_gate(X86_VEC_GSI_BASE + n, x86_interrupt_stubs[n], 0);
	set_gate(X86_VEC_TIMER, (uintptr_t)x86_timer_stub, 0);
	set_gate(X86_VEC_LAPIC_ERROR, (uintptr_t)x86_lapic_error_stub, 0);
	set_gate(X86_VEC_SPURIOUS, (uintptr_t)x86_spurious_stub, 0);
#endif
#ifdef CONFIG_SMP
	set_gate(X86_VEC_IPI, (uintptr_t)x86_ipi_stub, 0);
#endif
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

/* The CPU level: trap vectors and the MMU, before anything can fault. */
static int arch_cpu_init(const struct rk_bootinfo *bi)
{
#ifndef CONFIG_SMP /* else x86_start did, first of all */
	x86_cpu_tables_init();
#endif
	x86_mmu_init();
	/* Until the scheduler takes over, traps run on the boot stack. */
	arch_set_stack_bounds((uintptr_t)__boot_stack_top - CONFIG_KERNEL_STACK_SIZE,
			      (uintptr_t)__boot_stack_top);
	return 0;
}
RK_INIT(arch_cpu_init, RK_INIT_ARCH);

uint64_t arch_cycles(void)
{
	return x86_rdtsc();
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags & X86_RFLAGS_IF;
}

void arch_irq_restore(unsigned long flags)
{
	if (flags & X86_RFLAGS_IF)
		__asm__ volatile("sti" : : : "memory");
}

void arch_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

void arch_wait_for_interrupt(void)
{
	/* sti takes effect after the next instruction, so no interrupt can
	 * slip in between it and hlt: one pending already wakes hlt at once.
	 * The handler runs after hlt, then cli masks again. */
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}
