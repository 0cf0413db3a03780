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
 * of highest priority (lowest id among equals). */
#include <stdbool.h>
#include <rumpk/drv/fdt.h>
#include <rumpk/drv/irqchip.h>
#include <rumpk/mmio.h>
#include <rumpk/printk.h>
#include <arch/csr.h>

/* Register map (offsets from the base in reg). */
#define PLIC_PRIORITY(irq) (4u * (irq))
#define PLIC_ENABLE(ctx, irq) (0x2000u + 0x80u * (ctx) + 4u * ((irq) / 32))
#define PLIC_THRESHOLD(ctx) (0x200000u + 0x1000u * (ctx))
#define PLIC_CLAIM(ctx) (0x200004u + 0x1000u * (ctx))
#define PLIC_MAX_SOURCES 1023 /* ids 1..1023 in the register layout */

static struct {
	uintptr_t base;
	unsigned ndev;      /* highest source id */
	unsigned ctx;       /* our hart's supervisor context */
	uintptr_t enable;   /* base + PLIC_ENABLE(ctx, 0) */
	uintptr_t claim;    /* base + PLIC_CLAIM(ctx) */
} plic;

static void plic_enable(unsigned irq)
{
	if (irq == 0 || irq > plic.ndev) {
		/* A device's interrupts property named a source the PLIC does
		 * not have: its handler would never run. */
		printk("plic: source %u is not one of 1-%u (riscv,ndev), not enabled\n", irq,
		       plic.ndev);
		return;
	}
	uintptr_t word = plic.enable + 4u * (irq / 32);
	mmio_write32(plic.base + PLIC_PRIORITY(irq), 1);
	mmio_write32(word, mmio_read32(word) | 1u << (irq % 32));
}

static void plic_disable(unsigned irq)
{
	if (irq == 0 || irq > plic.ndev)
		return;
	uintptr_t word = plic.enable + 4u * (irq / 32);
	mmio_write32(word, mmio_read32(word) & ~(1u << (irq % 32)));
}

/* Runs in the supervisor external interrupt with interrupts masked.
 * Completing a source before rk_irq_exit (which may switch fibers) lets it
 * interrupt again as soon as it has something new. */
static void plic_dispatch(void)
{
	uint32_t irq;

	while ((irq = mmio_read32(plic.claim)) != 0) {
		rk_irq_handle(irq);
		mmio_write32(plic.claim, irq);
	}
}

/* One cell: the source id, which is the irq number. */
static unsigned plic_xlate(const uint32_t *cells, int ncells)
{
	return ncells >= 1 ? cells[0] : 0;
}

static const struct rk_irqchip plic_chip = {
	.name = "plic",
	.enable = plic_enable,
	.disable = plic_disable,
	.dispatch = plic_dispatch,
	.xlate = plic_xlate,
};

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
	/* The registers of our context must lie inside the PLIC's reg, or the
	 * writes below land on whatever is mapped after it. */
	if (PLIC_CLAIM(ctx) + 4 > size) {
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
	plic.enable = plic.base + PLIC_ENABLE(ctx, 0);
	plic.claim = plic.base + PLIC_CLAIM(ctx);
	/* Nothing is routed to us until a driver attaches a handler. */
	for (unsigned w = 0; w <= ndev / 32; w++)
		mmio_write32(plic.enable + 4u * w, 0);
	mmio_write32(plic.base + PLIC_THRESHOLD(ctx), 0);
	rk_irqchip_register(&plic_chip);
	csr_set(sie, SIE_SEIE);
	printk("plic: %#lx, sources 1-%u, hart %lu supervisor context %d\n",
	       (unsigned long)plic.base, ndev, hartid, ctx);
	return 0;
}

static const char *const plic_compat[] = { "riscv,plic0", "sifive,plic-1.0.0", NULL };
RK_FDT_DRIVER(plic, plic_compat, plic_probe, RK_INIT_PLATFORM);
