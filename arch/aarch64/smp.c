/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 SMP start-up: the CPUs of the DTB's /cpus, started through PSCI
 * CPU_ON (the /psci node's method, hvc or smc) or released from a spin
 * table (their cpu-release-addr), and IPIs through the interrupt
 * controller's software interrupts (the GIC's SGI 0, the Pi's local
 * mailboxes; registered by its driver: arch/smp.h). Spin-table CPUs that
 * are not started (NR_CPUS, or no IPI) are parked in entry.S, as the
 * platforms do without SMP.
 *
 * The boot CPU is CPU 0; the other usable CPUs follow in DTB order. Each
 * gets an idle stack (guard page below), an exception stack with its trap
 * block on top (TPIDR_EL1 and SP_EL1 point there; the block names the
 * CPU), and the boot CPU's page table. A CPU entering at smp_entry.S turns
 * on its MMU, drops from EL2 if it came in there, and continues in
 * aarch64_secondary_start: vectors, PMU, its timer and its side of the
 * interrupt controller, then kernel/smp. Shared interrupts (SPIs) stay
 * routed to the boot CPU.
 *
 * TLB shootdown: mmu.S already invalidates with the broadcast forms
 * (TLBI VAAE1IS, VMALLE1IS) followed by DSB ISH, which completes the
 * invalidation on every CPU of the inner shareable domain. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/fdt.h>
#include <rumpk/irq.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <arch/mmu.h>
#include <arch/psci.h>
#include <arch/smp.h>
#include <arch/spin_table.h>
#include <arch/sysreg.h>
#include <arch/timer.h>
#include <arch/trap_stack.h>
#include <arch/user.h>

#define PSCI_CPU_ON_64 0xc4000003
#define PSCI_ALREADY_ON (-4)

void aarch64_secondary_entry(void);                        /* smp_entry.S */
void aarch64_secondary_spin_entry(void);                   /* smp_entry.S */
extern char _start[];                                      /* entry.S */
void aarch64_secondary_start(struct aarch64_cpu_boot *b); /* from there */
void aarch64_cpu_init_secondary(void);                     /* cpu.c */

/* A secondary CPU's exception stack, its trap block on top. */
struct exc_stack {
	_Alignas(16) uint8_t stack[A64_EXC_STACK_SIZE];
	struct aarch64_trap_block block;
};

static const struct aarch64_ipi_chip *ipi_chip;
struct aarch64_cpu_boot aarch64_cpu_boot[RK_NR_CPUS];
static int have_psci = -1; /* not looked yet */
static struct exc_stack exc_stacks[RK_NR_CPUS - 1];
static struct aarch64_trap_block *blocks[RK_NR_CPUS];

void aarch64_ipi_register(const struct aarch64_ipi_chip *chip)
{
	ipi_chip = chip;
}

unsigned long arch_cpu_hwid(unsigned cpu)
{
	return blocks[cpu] ? blocks[cpu]->hwid : 0;
}

void arch_send_ipi(unsigned cpu)
{
	ipi_chip->send(cpu);
}

void arch_smp_flush_page(uintptr_t va)
{
	(void)va; /* broadcast already (see the top of the file) */
}

static void ipi_irq(unsigned irq, void *arg)
{
	rk_smp_ipi(aarch64_this_block()->irq_frame);
}

void aarch64_secondary_start(struct aarch64_cpu_boot *b)
{
	aarch64_cpu_init_secondary();
#ifdef CONFIG_EXEC
	aarch64_user_cpu_init();
#endif
	arch_set_stack_bounds(b->stack_low, b->stack_top);
	aarch64_timer_init_cpu();
	if (ipi_chip->cpu_init()) {
		printk("smp: cpu %u: its %s interface cannot be set up, halted\n", b->cpu,
		       ipi_chip->name);
		arch_halt();
	}
	rk_smp_cpu_up(b->cpu, b->stack_low, b->stack_top);
}

/* Start the CPU of the DTB node with affinity mpidr as CPU cpu: 0, or -1
 * (said why). */
static int start_cpu(const void *dtb, int node, uint64_t mpidr, unsigned cpu)
{
	const char *method = rk_fdt_prop(dtb, node, "enable-method", NULL);
	bool spin = method && !strcmp(method, "spin-table");
	struct aarch64_cpu_boot *b = &aarch64_cpu_boot[cpu];
	struct exc_stack *e = &exc_stacks[cpu - 1];

	if (!spin && (!method || strcmp(method, "psci"))) {
		printk("smp: %s: enable-method %s is not supported, not started\n",
		       rk_fdt_name(dtb, node), method ? method : "(none)");
		return -1;
	}
	if (!spin && have_psci < 0) {
		have_psci = aarch64_psci_from_dtb(dtb) >= 0;
		if (have_psci)
			printk("smp: PSCI CPU_ON through %s\n",
			       aarch64_psci_conduit == PSCI_SMC ? "smc" : "hvc");
	}
	if (!spin && !have_psci) {
		printk("smp: %s: no /psci node with a usable method, not started\n",
		       rk_fdt_name(dtb, node));
		return -1;
	}
	if (!b->stack_top) /* else left by a CPU that did not start */
		b->stack_top = rk_smp_idle_stack(&b->stack_low);
	if (!b->stack_top) {
		printk("smp: no memory for %s's stack, not started\n", rk_fdt_name(dtb, node));
		return -1;
	}
	e->block.cpu = cpu;
	e->block.hwid = mpidr;
	e->block.exc_floor = (uintptr_t)e->stack + A64_EXC_STACK_RESERVE;
	blocks[cpu] = &e->block;
	b->block = &e->block;
	b->ttbr0 = read_sysreg(ttbr0_el1);
	/* Without TTBR1 walks: its TTBR1 is UNKNOWN until user.c sets it. */
	b->tcr = read_sysreg(tcr_el1) | TCR_EL1_EPD1;
	b->mair = read_sysreg(mair_el1);
	b->cpu = cpu;
	b->mpidr = mpidr;
	/* The CPU reads this with its caches off: to memory with it. (Its
	 * trap block and stack it reads only once its MMU is on, coherent
	 * with ours.) */
	__asm__ volatile("dc civac, %0\n\tdsb sy" ::"r"(b) : "memory");
	if (spin) {
		if (!aarch64_spin_table_release(dtb, node, (uintptr_t)aarch64_secondary_spin_entry))
			return -1;
		__asm__ volatile("dsb sy\n\tsev" ::: "memory");
		return 0;
	}
	long r = psci_call(PSCI_CPU_ON_64, mpidr, (uintptr_t)aarch64_secondary_entry, (uintptr_t)b);
	if (r) {
		printk("smp: %s (MPIDR 0x%llx) did not start (PSCI error %ld%s)\n",
		       rk_fdt_name(dtb, node), (unsigned long long)mpidr, r,
		       r == PSCI_ALREADY_ON ? ": already on" : "");
		return -1;
	}
	return 0;
}

/* A spin-table CPU not started: to entry.S's park, which it never leaves
 * (as the platforms do without SMP); PSCI keeps its own off. */
static void park(const void *dtb, int node)
{
	const char *method = rk_fdt_prop(dtb, node, "enable-method", NULL);

	if (method && !strcmp(method, "spin-table") &&
	    aarch64_spin_table_release(dtb, node, (uintptr_t)_start))
		__asm__ volatile("dsb sy\n\tsev" ::: "memory");
}

unsigned arch_smp_start(const struct rk_bootinfo *bi)
{
	const void *dtb = (const void *)bi->dtb;
	int cpus = rk_fdt_path(dtb, "/cpus");
	unsigned n = 1;

	blocks[0] = aarch64_this_block();
	const char *why = !ipi_chip ? "the interrupt controller has no IPI support here" :
			  rk_irq_attach(ipi_chip->irq, ipi_irq, 0) ? "cannot attach the IPI" :
			  aarch64_mmu_split_ram() ? "no memory to map RAM by pages" : NULL;
	if (why) {
		printk("smp: %s: one CPU\n", why);
		aarch64_park_spin_table_cpus(dtb, bi->cpu_id);
		return 0;
	}
	printk("smp: IPIs as %s interrupt %u\n", ipi_chip->name, ipi_chip->irq);
	for (int c = cpus < 0 ? -1 : rk_fdt_next_child(dtb, cpus, -1); c >= 0;
	     c = rk_fdt_next_child(dtb, cpus, c)) {
		int len;
		const char *type = rk_fdt_prop(dtb, c, "device_type", &len);
		uint64_t mpidr;

		if (!type || strncmp(type, "cpu", (size_t)len) ||
		    rk_fdt_prop_u64(dtb, c, "reg", &mpidr) || (mpidr & MPIDR_AFF_MASK) == bi->cpu_id)
			continue;
		if (!rk_fdt_is_enabled(dtb, c)) {
			printk("smp: %s is disabled in the DTB, not started\n", rk_fdt_name(dtb, c));
			continue;
		}
		if (n < RK_NR_CPUS && start_cpu(dtb, c, mpidr & MPIDR_AFF_MASK, n) == 0) {
			n++;
			continue;
		}
		if (n == RK_NR_CPUS)
			printk("smp: %s left off (NR_CPUS %d)\n", rk_fdt_name(dtb, c), RK_NR_CPUS);
		park(dtb, c);
	}
	return n - 1;
}
