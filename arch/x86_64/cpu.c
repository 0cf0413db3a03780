/* x86_64 CPU bring-up and the small arch interface. */
#include <rumpk/arch.h>
#include <rumpk/kernel.h>
#include <arch/x86.h>

#define X86_NR_EXCEPTIONS 32
#define IDT_INTERRUPT_GATE 0x8e /* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));

struct descriptor_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

void x86_start(uint32_t pvh_start_info);
extern const uintptr_t x86_vector_table[X86_NR_EXCEPTIONS];

/* Only the exception vectors: nothing raises interrupts yet, and one that
 * arrived anyway would hit the IDT limit and show up as #GP. */
static struct idt_gate idt[X86_NR_EXCEPTIONS] rk_aligned(16);

/* Called by entry.S in long mode on the boot stack, BSS cleared. */
void x86_start(uint32_t pvh_start_info)
{
	static struct rk_bootinfo bi;
	uint32_t r[4];

	bi.entry_cycles = arch_cycles();
	x86_cpuid(1, r);
	bi.cpu_id = r[1] >> 24; /* initial APIC id */
	bi.pvh_start = pvh_start_info;
	rk_kernel_main(&bi);
}

void arch_init(void)
{
	struct descriptor_ptr idtr = { sizeof(idt) - 1, (uintptr_t)idt };

	for (unsigned i = 0; i < X86_NR_EXCEPTIONS; i++) {
		uintptr_t a = x86_vector_table[i];

		/* Interrupt gates: the handler runs with interrupts masked. */
		idt[i] = (struct idt_gate){
			.offset_lo = (uint16_t)a,
			.selector = X86_KERNEL_CS,
			.type = IDT_INTERRUPT_GATE,
			.offset_mid = (uint16_t)(a >> 16),
			.offset_hi = (uint32_t)(a >> 32),
		};
	}
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

uint64_t arch_cycles(void)
{
	return x86_rdtsc();
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}
