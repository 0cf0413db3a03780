/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 SMP start-up: the harts of the DTB's /cpus, started through the
 * SBI HSM extension, and IPIs through the SBI IPI extension (the
 * supervisor software interrupt on the target).
 *
 * Any hart may be the boot hart (OpenSBI picks one at random on some
 * boards): it is CPU 0 and the other usable harts follow in DTB order. A
 * hart is usable when its node is enabled and has an mmu-type (a hart
 * without one, like sifive_u's E51 monitor core, has no S-mode to run the
 * kernel in). Each secondary turns on the boot hart's page table, installs
 * the trap vector and its own trap block (which names its CPU, see
 * arch/smp.h), enables its timer and software interrupts, and enters
 * kernel/smp. Device (PLIC) interrupts go to the boot hart unless
 * rk_irq_set_cpu routes one elsewhere (drivers/irq/plic.c). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/fdt.h>
#include <rumpk/fiber.h>
#include <rumpk/kernel.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <arch/csr.h>
#include <arch/sbi.h>
#include <arch/trap_stack.h>

/* What a starting hart needs: read by smp_entry.S (stack_top first) and
 * riscv_secondary_start, before the hart has any other state. */
struct riscv_hart_boot {
	uintptr_t stack_top;
	uintptr_t stack_low;
	uint64_t satp;
	unsigned long hartid;
	unsigned cpu;
};

void riscv_secondary_entry(void); /* smp_entry.S */
void _start(void);                 /* entry.S */
#ifdef CONFIG_RISCV_SMP_START_AT_ENTRY
#define START_ADDRESS _start /* the guard's test, see Kconfig */
#else
#define START_ADDRESS riscv_secondary_entry
#endif
void riscv_secondary_start(struct riscv_hart_boot *b);
extern char riscv_trap_entry[];

/* smp_entry.S's riscv_stray_entry walks this array by these offsets. */
_Static_assert(offsetof(struct riscv_hart_boot, hartid) == 24 &&
		       sizeof(struct riscv_hart_boot) == 40,
	       "riscv_stray_entry's offsets");
struct riscv_hart_boot riscv_hart_boot[RK_NR_CPUS];
static unsigned long hartids[RK_NR_CPUS];

unsigned long arch_cpu_hwid(unsigned cpu)
{
	return hartids[cpu];
}

void arch_send_ipi(unsigned cpu)
{
	/* hart_mask 1 at hart_mask_base hartid: just that hart. */
	sbi_call(SBI_EXT_IPI, SBI_IPI_SEND, 1, hartids[cpu], 0);
}

void arch_smp_flush_page(uintptr_t va)
{
	/* The other online harts only (this one fenced itself). Not every
	 * hart (hart_mask_base -1): an IPI left pending at a hart parked in
	 * OpenSBI 1.1 makes it poll its HSM state instead of sleeping, and a
	 * polling hart can see hart_start's state change before the start
	 * address is written, and enter the kernel at _start: seen as a
	 * second boot banner in about one boot in fifteen. */
	unsigned self = rk_cpu_id();

	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++)
		if (cpu != self && rk_cpu_online(cpu))
			sbi_call4(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, 1, hartids[cpu], va,
				  RK_PAGE_SIZE);
}

void riscv_secondary_start(struct riscv_hart_boot *b)
{
	__asm__ volatile("sfence.vma" ::: "memory");
	csr_write(satp, b->satp);
	__asm__ volatile("sfence.vma" ::: "memory");
	riscv_trap_stack_init_cpu(b->cpu, b->hartid, b->stack_low, b->stack_top);
	csr_write(stvec, (uintptr_t)riscv_trap_entry);
	/* The timer's first interrupt may be a stale deadline; it finds no
	 * timer due and programs none (kernel/time.c). */
	/* External interrupts too: the PLIC gives this hart only the
	 * sources routed to it (rk_irq_set_cpu), none at first. */
	csr_set(sie, SIE_STIE | SIE_SSIE | SIE_SEIE);
	rk_smp_cpu_up(b->cpu, b->stack_low, b->stack_top);
}

static bool hart_usable(const void *dtb, int node, uint32_t hartid)
{
	int len;
	const char *mmu = rk_fdt_prop(dtb, node, "mmu-type", &len);

	if (!rk_fdt_is_enabled(dtb, node)) {
		printk("smp: hart %u is disabled in the DTB, not started\n", hartid);
		return false;
	}
	if (!mmu || len < 1 || !strcmp(mmu, "riscv,none")) {
		printk("smp: hart %u has no mmu-type (no S-mode), not started\n", hartid);
		return false;
	}
	return true;
}

/* Has the firmware parked the hart (HSM status STOPPED)? A hart still in
 * the firmware's own warm-boot start-up may take a moment to get there.
 * Once (of about ten sifive_u boots under OpenSBI 1.1, before this wait)
 * a started hart entered the kernel at _start instead of the address
 * given, and its BSS clear wiped the running kernel; the cause was not
 * pinned down, waiting for STOPPED is the precaution. Bounded. */
static bool hart_stopped(uint32_t hartid)
{
	for (int i = 0; i < 100000; i++) {
		struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_STATUS, hartid, 0, 0);
		if (r.error == 0 && r.value == SBI_HSM_STOPPED)
			return true;
	}
	return false;
}

unsigned arch_smp_start(const struct rk_bootinfo *bi)
{
	const void *dtb = (const void *)bi->dtb;
	struct riscv_trap_block *self;
	unsigned n = 1;

	__asm__ volatile("csrr %0, sscratch" : "=r"(self));
	self->hartid = bi->cpu_id;
	hartids[0] = bi->cpu_id;
	csr_set(sie, SIE_SSIE);
	if (sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EXT_HSM, 0, 0).value == 0 ||
	    sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EXT_IPI, 0, 0).value == 0) {
		printk("smp: the SBI firmware has no HSM or IPI extension: one CPU\n");
		return 0;
	}
	for (int node = rk_fdt_compatible(dtb, -1, "riscv"); node >= 0;
	     node = rk_fdt_compatible(dtb, node, "riscv")) {
		uint32_t hartid;

		if (rk_fdt_prop_u32(dtb, node, "reg", &hartid) || hartid == bi->cpu_id)
			continue;
		if (!hart_usable(dtb, node, hartid))
			continue;
		if (n == RK_NR_CPUS) {
			printk("smp: hart %u and later left in the firmware (NR_CPUS %d)\n", hartid,
			       RK_NR_CPUS);
			break;
		}
		struct riscv_hart_boot *b = &riscv_hart_boot[n];
		if (!b->stack_top) /* else left by a hart that did not start */
			b->stack_top = rk_smp_idle_stack(&b->stack_low);
		if (!b->stack_top) {
			printk("smp: no memory for hart %u's stack, not started\n", hartid);
			break;
		}
		b->satp = csr_read(satp);
		b->hartid = hartid;
		b->cpu = n;
		hartids[n] = hartid;
		if (!hart_stopped(hartid)) {
			printk("smp: hart %u is not stopped in the SBI firmware, not started\n",
			       hartid);
			continue;
		}
		/* The SBI call is an ecall: everything above is visible to the
		 * hart it starts. */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, hartid,
					   (uintptr_t)START_ADDRESS, (uintptr_t)b);
		if (r.error) {
			printk("smp: hart %u did not start (SBI error %ld)\n", hartid, r.error);
			continue;
		}
		n++;
	}
	return n - 1;
}
