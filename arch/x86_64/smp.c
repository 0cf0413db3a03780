/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 SMP start-up (docs/smp.md): the CPUs of the ACPI MADT, started
 * through their local APICs with INIT and STARTUP (SIPI), and IPIs on
 * X86_VEC_IPI.
 *
 * The boot CPU is CPU 0; the other enabled local APICs follow in MADT
 * order. Each secondary gets one run of pages laid out as stacks.S lays
 * out the boot CPU's stacks (four IST stacks and its first stack, each
 * above a guard page), allocated before any secondary runs. The CPUs
 * start one at a time: STARTUP enters the real-mode trampoline
 * (smp_trampoline.S) copied to X86_SMP_TRAMPOLINE, which reaches long mode
 * with the boot CPU's page table and calls x86_smp_cpu_start, which loads
 * the CPU's tables (GDT, its TSS, IDT), enables its local APIC and timer
 * and enters kernel/smp. The trampoline page is executable only while the
 * CPUs start (W^X otherwise). Device interrupts stay routed to the boot
 * CPU. */
#include <stdatomic.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/init.h>
#include <rumpk/mem.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/time.h>
#include <rumpk/x86_irq.h>
#include <arch/acpi.h>
#include <arch/pvh.h>
#include "internal.h"

#define STACK_BYTES ((CONFIG_KERNEL_STACK_SIZE + X86_PAGE_SIZE - 1) & ~(X86_PAGE_SIZE - 1))
/* IST stacks with their guards, the guard below the first stack, that stack. */
#define STACK_PAGES (X86_NR_IST * X86_IST_SLOT / X86_PAGE_SIZE + 1 + STACK_BYTES / X86_PAGE_SIZE)
/* How long a CPU has to reach x86_smp_cpu_start after STARTUP: generous,
 * for a host that deschedules the vCPU's thread; a CPU that misses it is
 * put back to waiting for STARTUP (INIT) and its slot is not used. */
#define ALIVE_WAIT_MS 1000

/* smp_trampoline.S: the code and, at its end, what it reads. */
struct x86_smp_params {
	uint64_t cr3, cr4, cr0, efer, stack, entry, arg;
};
extern const char x86_smp_trampoline[], x86_smp_trampoline_end[];
extern const char x86_smp_trampoline_params[];

/* What a starting CPU needs, and the sign that it got there. */
struct x86_cpu_boot {
	uintptr_t stacks; /* the run of STACK_PAGES pages */
	uintptr_t low, high;
	unsigned cpu;
	atomic_bool alive;
};

void x86_smp_cpu_start(struct x86_cpu_boot *b);

static struct x86_cpu_boot cpu_boot[RK_NR_CPUS];
static unsigned apic_ids[RK_NR_CPUS];

unsigned long arch_cpu_hwid(unsigned cpu)
{
	return apic_ids[cpu];
}

/* Once a CPU panics, an NMI (trap.c runs the calls then): the stop request
 * then reaches a CPU that spins with interrupts masked too, the case where
 * its registers say most. */
void arch_send_ipi(unsigned cpu)
{
	if (rk_smp_panic_cpu)
		lapic_send_nmi(apic_ids[cpu]);
	else
		lapic_send_ipi(apic_ids[cpu], X86_VEC_IPI);
}

/* --- TLB shootdown ------------------------------------------------------------ */

struct flush {
	uintptr_t va;
	atomic_uint left; /* CPUs that have not flushed yet */
};

static void flush_here(void *arg)
{
	struct flush *fl = arg;

	x86_invlpg(fl->va);
	atomic_fetch_sub(&fl->left, 1);
}

/* Each other online CPU runs an invlpg in its IPI handler; returns once all
 * did, so a guard page is in force everywhere when a stack is handed out,
 * and page tables that mmu.c retired before the call can be freed.
 * While it waits it runs the calls queued for this CPU (masked, as the IPI
 * handler would): another CPU may be waiting for this one's flush. Bounded:
 * a CPU spinning with interrupts masked would never answer. */
void arch_smp_flush_page(uintptr_t va)
{
	struct flush fl = { va, 0 };
	void *tables[X86_MMU_RETIRED_MAX];
	unsigned self = rk_cpu_id(), ntables = x86_mmu_take_retired(tables);

	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++)
		if (cpu != self && rk_cpu_online(cpu)) {
			atomic_fetch_add(&fl.left, 1);
			rk_smp_call(cpu, flush_here, &fl);
		}
	uint64_t end = rk_time_ns() + RK_NSEC_PER_SEC;
	while (atomic_load(&fl.left) && rk_time_ns() < end) {
		unsigned long flags = arch_irq_save();
		rk_smp_ipi(0);
		arch_irq_restore(flags);
	}
	if (atomic_load(&fl.left))
		rk_panic("smp: %u CPUs did not flush page 0x%lx from their TLBs",
			 atomic_load(&fl.left), (unsigned long)va);
	/* An invlpg drops every paging-structure cache entry: no CPU walks
	 * these tables any more. */
	for (unsigned i = 0; i < ntables; i++)
		rk_page_free(tables[i], 1);
}

/* --- Start-up ------------------------------------------------------------------- */

/* The trampoline's page is not the page allocator's (the level before it
 * starts). */
static int reserve_trampoline(const struct rk_bootinfo *bi)
{
	rk_mem_reserve(X86_SMP_TRAMPOLINE, X86_PAGE_SIZE, "SMP trampoline");
	return 0;
}
RK_INIT(reserve_trampoline, RK_INIT_ARCH);

/* From the trampoline, on the CPU's first stack. */
void x86_smp_cpu_start(struct x86_cpu_boot *b)
{
	x86_cpu_tables_init_ap(b->cpu, b->stacks);
	arch_set_stack_bounds(b->low, b->high);
	atomic_store(&b->alive, true);
	lapic_init();
	lapic_timer_init_cpu();
	rk_smp_cpu_up(b->cpu, b->low, b->high);
}

/* A secondary's stacks, each above a guard page; false when out of memory. */
static bool alloc_stacks(struct x86_cpu_boot *b)
{
	char *mem = rk_page_alloc(STACK_PAGES);

	if (!mem)
		return false;
	for (unsigned n = 1; n <= X86_NR_IST + 1; n++)
		if (arch_guard_page(X86_STACK_GUARD_AT(mem, n)) < 0) {
			while (--n >= 1)
				arch_unguard_page(X86_STACK_GUARD_AT(mem, n));
			rk_page_free(mem, STACK_PAGES);
			return false;
		}
	b->stacks = (uintptr_t)mem;
	b->high = (uintptr_t)mem + STACK_PAGES * X86_PAGE_SIZE;
	b->low = b->high - CONFIG_KERNEL_STACK_SIZE;
	return true;
}

static bool wait_alive(struct x86_cpu_boot *b, uint64_t ns)
{
	uint64_t end = rk_time_ns() + ns;

	while (!atomic_load(&b->alive) && rk_time_ns() < end)
		;
	return atomic_load(&b->alive);
}

/* INIT, then STARTUP, and a second STARTUP if the CPU has not answered
 * (the MP specification's sequence; a CPU already running ignores it).
 * The 10 ms after INIT that the specification asks of old CPUs is left
 * out, as Linux does on every CPU of the last twenty years. */
static bool start_cpu(unsigned apic_id, struct x86_cpu_boot *b)
{
	struct x86_smp_params *p =
		(void *)(X86_SMP_TRAMPOLINE + (x86_smp_trampoline_params - x86_smp_trampoline));

	atomic_store(&b->alive, false);
	*p = (struct x86_smp_params){
		.cr3 = x86_read_cr3(),
		.cr4 = x86_read_cr4(),
		.cr0 = x86_read_cr0(),
		.efer = x86_rdmsr(X86_MSR_EFER) & (X86_EFER_LME | X86_EFER_NXE),
		.stack = b->high,
		.entry = (uintptr_t)x86_smp_cpu_start,
		.arg = (uintptr_t)b,
	};
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	lapic_send_init(apic_id);
	lapic_send_startup(apic_id, X86_SMP_TRAMPOLINE);
	if (!wait_alive(b, 200 * RK_NSEC_PER_USEC))
		lapic_send_startup(apic_id, X86_SMP_TRAMPOLINE);
	unsigned ms = 0;
	for (; ms < ALIVE_WAIT_MS && !atomic_load(&b->alive); ms++)
		rk_sleep_ms(1);
	if (!wait_alive(b, 0)) {
		lapic_send_init(apic_id); /* back to waiting, before its slot is reused */
		return false;
	}
	/* Online before the next: the trampoline's flush must reach it. */
	for (; ms < ALIVE_WAIT_MS && !rk_cpu_online(b->cpu); ms++)
		rk_sleep_ms(1);
	return true;
}

unsigned arch_smp_start(const struct rk_bootinfo *bi)
{
	const struct hvm_start_info *si = (const void *)bi->pvh_start;
	const struct acpi_sdt_header *madt = x86_acpi_find_table(si ? si->rsdp_paddr : 0, "APIC");
	unsigned ids[RK_NR_CPUS - 1] = { 0 }, n = 1;

	apic_ids[0] = lapic_id();
	if (!madt) {
		printk("smp: no ACPI MADT to list the CPUs (microvm: acpi=on): one CPU\n");
		return 0;
	}
	unsigned found = x86_madt_cpus(madt, apic_ids[0], ids, RK_NR_CPUS - 1);
	/* Every stack first: no secondary runs yet whose TLB would need the
	 * new guard pages flushed. */
	unsigned ready = 0;
	while (ready < found && alloc_stacks(&cpu_boot[ready + 1]))
		ready++;
	if (ready < found)
		printk("smp: no memory for the stacks of %u CPUs, not started\n", found - ready);
	if (!ready)
		return 0;
	memcpy((void *)X86_SMP_TRAMPOLINE, x86_smp_trampoline,
	       (size_t)(x86_smp_trampoline_end - x86_smp_trampoline));
	if (arch_exec_pages(X86_SMP_TRAMPOLINE, X86_PAGE_SIZE, 1) < 0) {
		printk("smp: cannot make the trampoline executable: one CPU\n");
		return 0;
	}
	/* A CPU that does not start leaves its slot (and stacks) to the next. */
	for (unsigned i = 0; i < found && n <= ready; i++) {
		struct x86_cpu_boot *b = &cpu_boot[n];

		b->cpu = n;
		apic_ids[n] = ids[i];
		if (start_cpu(ids[i], b))
			n++;
		else
			printk("smp: APIC %u did not start\n", ids[i]);
	}
	arch_exec_pages(X86_SMP_TRAMPOLINE, X86_PAGE_SIZE, 0);
	arch_smp_flush_page(X86_SMP_TRAMPOLINE);
	return n - 1;
}
