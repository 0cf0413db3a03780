/* SPDX-License-Identifier: BSD-2-Clause */
/* RISC-V platform-level interrupt controller (PLIC), as QEMU virt and the
 * SiFive cores implement it ("riscv,plic0", "sifive,plic-1.0.0").
 *
 * Interrupt numbers are PLIC source ids, 1 .. riscv,ndev, the numbers the
 * DTB's "interrupts" properties give (0 is reserved for "no interrupt").
 *
 * Each hart privilege level that can take external interrupts is a PLIC
 * "context" with its own enable bits, threshold and claim register. The
 * context of our hart's supervisor mode is found from the DTB rather than
 * assumed: the PLIC's interrupts-extended lists one (cpu-intc phandle,
 * cause) pair per context, in context order, and ours is the pair that
 * names this hart's interrupt controller with cause 9 (supervisor
 * external). On QEMU virt that is context 2 * hart + 1.
 *
 * Priorities: every attached source gets priority 1 and the threshold is 0,
 * so all of them interrupt; the claim register hands out the pending source
 * of highest priority (lowest id among equals).
 *
 * SMP: each source is enabled in the context of one CPU, the boot CPU's
 * until rk_irq_set_cpu moves it (route); each CPU claims from its own
 * context. The other harts' supervisor contexts start with nothing
 * enabled, so a secondary hart takes only what is routed to it. */
#include <stdbool.h>
#include <rumpk/drv/fdt.h>
#include <rumpk/drv/irqchip.h>
#include <rumpk/mmio.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <arch/csr.h>

/* Register map (offsets from the base in reg). */
#define PLIC_PRIORITY(irq) (4u * (irq))
#define PLIC_ENABLE(ctx, irq) (0x2000u + 0x80u * (ctx) + 4u * ((irq) / 32))
#define PLIC_THRESHOLD(ctx) (0x200000u + 0x1000u * (ctx))
#define PLIC_CLAIM(ctx) (0x200004u + 0x1000u * (ctx))
#define PLIC_MAX_SOURCES 1023 /* ids 1..1023 in the register layout */

static struct {
	uintptr_t base;
	uint64_t size;      /* of the register window */
	unsigned ndev;      /* highest source id */
	unsigned ctx;       /* the boot hart's supervisor context */
#ifdef CONFIG_SMP
	const void *dtb;    /* to find other harts' contexts (reserved memory) */
	int node;
	int cpu_ctx[RK_NR_CPUS];      /* each CPU's context; -1 until looked up */
	uint8_t target[RK_IRQ_MAX];   /* the CPU each source is enabled for */
#endif
} plic;

/* The context a source is enabled in, and the one this CPU claims from. */
#ifdef CONFIG_SMP
#define SOURCE_CTX(irq) ((unsigned)plic.cpu_ctx[plic.target[irq]])
#define THIS_CTX() plic.cpu_ctx[rk_cpu_id()]
#else
#define SOURCE_CTX(irq) plic.ctx
#define THIS_CTX() plic.ctx
#endif

static void set_enabled(unsigned ctx, unsigned irq, bool on)
{
	uintptr_t word = plic.base + PLIC_ENABLE(ctx, irq);
	uint32_t bit = 1u << (irq % 32);

	mmio_write32(word, on ? mmio_read32(word) | bit : mmio_read32(word) & ~bit);
}

static void plic_enable(unsigned irq)
{
	if (irq == 0 || irq > plic.ndev) {
		/* A device's interrupts property named a source the PLIC does
		 * not have: its handler would never run. */
		printk("plic: source %u is not one of 1-%u (riscv,ndev), not enabled\n", irq,
		       plic.ndev);
		return;
	}
	mmio_write32(plic.base + PLIC_PRIORITY(irq), 1);
	set_enabled(SOURCE_CTX(irq), irq, true);
}

static void plic_disable(unsigned irq)
{
	if (irq == 0 || irq > plic.ndev)
		return;
	set_enabled(SOURCE_CTX(irq), irq, false);
}

/* Runs in the supervisor external interrupt with interrupts masked.
 * Completing a source before rk_irq_exit (which may switch fibers) lets it
 * interrupt again as soon as it has something new. */
static void plic_dispatch(void)
{
	int ctx = (int)THIS_CTX();
	uint32_t irq;

	/* A hart nothing was routed to has no context of ours to claim
	 * from (its own is masked: it cannot be interrupted by the PLIC). */
	if (ctx < 0)
		return;
	uintptr_t claim = plic.base + PLIC_CLAIM(ctx);
	while ((irq = mmio_read32(claim)) != 0) {
		rk_irq_handle(irq);
		mmio_write32(claim, irq);
	}
}

/* One cell: the source id, which is the irq number. */
static unsigned plic_xlate(const uint32_t *cells, int ncells)
{
	return ncells >= 1 ? cells[0] : 0;
}

/* The riscv,cpu-intc node of hart 'hartid': cpu nodes carry "riscv" in
 * their compatible list and the hart id in reg; the controller is the
 * cpu node's child, so it is the next cpu-intc in tree order. */
static int hart_intc(const void *dtb, unsigned long hartid)
{
	for (int cpu = rk_fdt_compatible(dtb, -1, "riscv"); cpu >= 0;
	     cpu = rk_fdt_compatible(dtb, cpu, "riscv")) {
		uint32_t reg;
		if (rk_fdt_prop_u32(dtb, cpu, "reg", &reg) == 0 && reg == hartid)
			return rk_fdt_compatible(dtb, cpu, "riscv,cpu-intc");
	}
	return -1;
}

/* Index of our supervisor context in the PLIC's interrupts-extended. */
static int find_context(const void *dtb, int node, int intc)
{
	struct rk_fdt_irq irq;

	for (int i = 0; rk_fdt_irq(dtb, node, i, &irq) == 0; i++)
		if (irq.controller == intc && irq.ncells >= 1 && irq.cells[0] == IRQ_S_EXT)
			return i;
	return -1;
}

/* A context's registers must lie inside the PLIC's reg, or the writes
 * land on whatever is mapped after it. */
static bool context_in_reg(unsigned ctx)
{
	return PLIC_CLAIM(ctx) + 4 <= plic.size;
}

#ifdef CONFIG_SMP
/* Every supervisor context but the boot hart's: nothing enabled and the
 * highest threshold (the register keeps the bits it has), so a secondary
 * hart, which enables its external interrupt at start-up, takes none
 * until one is routed to it, whatever the firmware left there. */
static void mask_other_contexts(void)
{
	struct rk_fdt_irq irq;

	for (unsigned i = 0; rk_fdt_irq(plic.dtb, plic.node, (int)i, &irq) == 0; i++) {
		if (i == plic.ctx || irq.ncells < 1 || irq.cells[0] != IRQ_S_EXT ||
		    !context_in_reg(i))
			continue;
		for (unsigned w = 0; w <= plic.ndev / 32; w++)
			mmio_write32(plic.base + PLIC_ENABLE(i, 32 * w), 0);
		mmio_write32(plic.base + PLIC_THRESHOLD(i), ~0u);
	}
}

/* CPU cpu's supervisor context, looked up by its hart id the first time
 * and opened (threshold 0); -1 when the DTB names none. */
static int cpu_context(unsigned cpu)
{
	if (plic.cpu_ctx[cpu] >= 0)
		return plic.cpu_ctx[cpu];
	unsigned long hartid = arch_cpu_hwid(cpu);
	int intc = hart_intc(plic.dtb, hartid);
	int ctx = intc < 0 ? -1 : find_context(plic.dtb, plic.node, intc);
	if (ctx < 0 || !context_in_reg((unsigned)ctx)) {
		printk("plic: no usable supervisor context for hart %lu (cpu %u)\n", hartid, cpu);
		return -1;
	}
	mmio_write32(plic.base + PLIC_THRESHOLD(ctx), 0);
	plic.cpu_ctx[cpu] = ctx;
	return ctx;
}

/* On the CPU that takes irq now (kernel/dev/irq.c), interrupts masked. A
 * source that is enabled moves: on in the new context before off in the
 * old, so that a request raised meanwhile is delivered (to one of them,
 * the claim decides) rather than lost. */
static int plic_route(unsigned irq, unsigned cpu)
{
	if (irq == 0 || irq > plic.ndev || cpu >= RK_NR_CPUS)
		return -1;
	int ctx = cpu_context(cpu);
	if (ctx < 0)
		return -1;
	unsigned old = SOURCE_CTX(irq);
	uint32_t on = mmio_read32(plic.base + PLIC_ENABLE(old, irq)) & 1u << (irq % 32);
	plic.target[irq] = (uint8_t)cpu;
	if (on && (unsigned)ctx != old) {
		set_enabled((unsigned)ctx, irq, true);
		set_enabled(old, irq, false);
	}
	return 0;
}
#endif

static const struct rk_irqchip plic_chip = {
	.name = "plic",
	.enable = plic_enable,
	.disable = plic_disable,
	.dispatch = plic_dispatch,
	.xlate = plic_xlate,
#ifdef CONFIG_SMP
	.route = plic_route,
#endif
};

/* The DTB's PLIC node (bound by compatible, drivers/fdt/bus.c). */
static int plic_probe(const struct rk_fdt_dev *dev)
{
	const void *dtb = dev->dtb;
	int node = dev->node;
	unsigned long hartid = dev->bi->cpu_id;
	uint64_t base, size;
	uint32_t ndev;

	if (plic.base) {
		printk("plic: %s: one PLIC is driven already; not used\n", rk_fdt_name(dtb, node));
		return -RK_ENODEV;
	}
	if (rk_fdt_dev_reg(dev, 0, &base, &size) || rk_fdt_prop_u32(dtb, node, "riscv,ndev", &ndev)) {
		rk_fdt_report(dtb, node, "reg, riscv,ndev", "missing or unreadable");
		return -RK_ENODEV;
	}
	int intc = hart_intc(dtb, hartid);
	int ctx = intc < 0 ? -1 : find_context(dtb, node, intc);
	if (ctx < 0) {
		printk("plic: no supervisor context for hart %lu in interrupts-extended\n", hartid);
		return -RK_ENODEV;
	}
	plic.size = size;
	if (!context_in_reg((unsigned)ctx)) {
		rk_fdt_report(dtb, node, "reg",
			      "size %#llx does not reach context %d's registers "
			      "(at %#lx)",
			      (unsigned long long)size, ctx, (unsigned long)PLIC_CLAIM(ctx));
		return -RK_ENODEV;
	}
	if (ndev == 0) {
		rk_fdt_report(dtb, node, "riscv,ndev", "0 interrupt sources");
		return -RK_ENODEV;
	}
	if (ndev > PLIC_MAX_SOURCES) {
		rk_fdt_report(dtb, node, "riscv,ndev",
			      "%u sources (the PLIC has at most %d), using %d", ndev,
			      PLIC_MAX_SOURCES, PLIC_MAX_SOURCES);
		ndev = PLIC_MAX_SOURCES;
	}
	if (ndev >= RK_IRQ_MAX) {
		printk("plic: %u sources, only ids below %d can be attached\n", ndev, RK_IRQ_MAX);
		ndev = RK_IRQ_MAX - 1;
	}

	plic.base = (uintptr_t)base;
	plic.ndev = ndev;
	plic.ctx = (unsigned)ctx;
	/* Nothing is routed to us until a driver attaches a handler. */
	for (unsigned w = 0; w <= ndev / 32; w++)
		mmio_write32(plic.base + PLIC_ENABLE(ctx, 32 * w), 0);
	mmio_write32(plic.base + PLIC_THRESHOLD(ctx), 0);
#ifdef CONFIG_SMP
	plic.dtb = dtb;
	plic.node = node;
	for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++)
		plic.cpu_ctx[cpu] = cpu == 0 ? ctx : -1;
	mask_other_contexts();
#endif
	rk_irqchip_register(&plic_chip);
	csr_set(sie, SIE_SEIE);
	printk("plic: %#lx, sources 1-%u, hart %lu supervisor context %d\n",
	       (unsigned long)plic.base, ndev, hartid, ctx);
	return 0;
}

static const char *const plic_compat[] = { "riscv,plic0", "sifive,plic-1.0.0", NULL };
RK_FDT_DRIVER(plic, plic_compat, plic_probe, RK_INIT_PLATFORM);
