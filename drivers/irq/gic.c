/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm Generic Interrupt Controller driver, GICv2 and GICv3. Shared
 * interrupts (SPIs) all go to the boot CPU; with SMP every CPU sets up its
 * own interface and banked SGIs/PPIs (gic_cpu_init), SGI 0 is the
 * kernel's inter-processor interrupt, and rk_irq_set_cpu moves an SPI to
 * another CPU (gic_route).
 *
 * Interrupt numbering: rk_irq_attach() takes GIC INTIDs. SGIs are 0-15,
 * PPIs 16-31 (DTB <1 n flags> = 16 + n; the generic timer's virtual PPI is
 * 27), SPIs 32-1019 (DTB <0 n flags> = 32 + n), translated by
 * gic_fdt_intid(). The kernel's handler table covers INTIDs below
 * RK_IRQ_MAX. The driver binds to the DTB's GIC node by compatible.
 *
 * Both versions are set up the same way: every interrupt disabled with the
 * same priority (0xa0) and delivered to this CPU as an IRQ (never FIQ),
 * level-triggered unless a driver asks for edge; the CPU's priority mask
 * admits them all. Completion is the default EOImode 0 (the EOI both drops
 * the running priority and deactivates), so the timer and device handlers
 * run with their interrupt active and the controller does not deliver it
 * again before the EOI.
 *   v2: distributor + memory-mapped CPU interface (GICC_IAR / GICC_EOIR).
 *       Without the security extensions (QEMU virt) all interrupts stay in
 *       group 0, signalled as IRQ; under secure firmware the non-secure
 *       view of the same enable bits applies to group 1.
 *   v3: distributor with affinity routing, a redistributor per CPU (SGIs
 *       and PPIs live there) found by its affinity, and the system register
 *       CPU interface (ICC_*_EL1); all interrupts in group 1. entry.S opens
 *       that interface to EL1 when the kernel is entered at EL2. */
#include <stdbool.h>
#include <stdint.h>
#include <rumpk/arch.h>
#include <string.h>
#include <rumpk/drv/fdt.h>
#include <rumpk/drv/irqchip.h>
#include <rumpk/mmio.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>
#ifdef CONFIG_SMP
#include <arch/smp.h>
#endif

/* Interrupt numbers (what rk_irq_attach takes) are GIC INTIDs:
 *   0-15   SGIs (software generated)
 *   16-31  PPIs, per CPU: a DTB specifier <1 n flags> is INTID 16 + n
 *          (the virtual timer, <1 11 ...>, is 27)
 *   32-1019 SPIs, shared: <0 n flags> is INTID 32 + n (QEMU virt's PL011,
 *          <0 1 4>, is 33; its virtio-mmio slots are 48-79)
 * gic_fdt_intid() does this translation, as the irqchip's xlate. */
#define GIC_PPI_BASE 16
#define GIC_SPI_BASE 32

/* What the DTB node says (gic_probe). */
struct gic_desc {
	unsigned version;       /* 2 or 3 */
	uintptr_t dist;         /* distributor (GICD) */
	uintptr_t cpu;          /* v2: CPU interface (GICC) */
	uintptr_t redist;       /* v3: first redistributor region (GICR) */
	uint64_t redist_size;
};

/* Distributor (both versions; IROUTER is v3). */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_SGIR 0x0f00
#define GICD_IROUTER 0x6000
#define GICD_PIDR2_V2 0x0fe8
#define GICD_PIDR2_V3 0xffe8
#define GICD_CTLR_ENABLE 0x1        /* v2: group 0 (non-secure view: group 1) */
#define GICD_CTLR_V3 0x13           /* ARE(_NS) | EnableGrp1(A) | EnableGrp1/Grp0 */
#define GICD_CTLR_RWP (1u << 31)    /* v3: register write pending */

/* v2 CPU interface. */
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICC_CTLR_ENABLE 0x1

/* v3 redistributor: RD_base frame, then SGI_base frame 64 KiB above. */
#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180)
#define GICR_ICPENDR0 (GICR_SGI + 0x0280)
#define GICR_ICACTIVER0 (GICR_SGI + 0x0380)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)
#define GICR_CTLR_RWP (1u << 3)
#define GICR_TYPER_VLPIS (1ull << 1)
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_FRAME_V3 0x20000       /* GIC_RD + SGI frames */
#define GICR_FRAME_V4 0x40000       /* + VLPI and reserved frames */

#define INTID_SPURIOUS 1020         /* 1020-1023: nothing to acknowledge */
#define PRIO_DEFAULT 0xa0
#define PMR_ALL 0xf0                /* admits every priority above 0xf0 */
#define RWP_SPINS 1000000

static struct {
	unsigned version;
	uintptr_t dist, cpu;
	RK_PERCPU(uintptr_t, rd);   /* each CPU's redistributor (v3) */
	unsigned nlines;            /* INTIDs 0..nlines-1 exist */
#ifdef CONFIG_SMP
	uint32_t ppis;              /* PPIs enabled: every CPU enables them */
	uint8_t target[RK_NR_CPUS]; /* v2: each CPU's interface bit (GICD_SGIR) */
	uintptr_t redist;           /* v3: the redistributor region searched */
	uint64_t redist_size;
#endif
} gic;
#define GIC_RD RK_THIS(gic.rd)

static uint64_t mmio_read64(uintptr_t a) { return *(volatile uint64_t *)a; }
static void mmio_write64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

static void bit_write(uintptr_t base, unsigned intid)
{
	mmio_write32(base + intid / 32 * 4, 1u << (intid % 32));
}

/* v3: distributor and redistributor writes that disable or reconfigure
 * complete asynchronously; RWP says when. */
static void wait_rwp(uintptr_t ctlr, uint32_t bit)
{
	for (int i = 0; i < RWP_SPINS && (mmio_read32(ctlr) & bit); i++)
		;
}

static void wait_dist(void)
{
	if (gic.version == 3)
		wait_rwp(gic.dist + GICD_CTLR, GICD_CTLR_RWP);
}

/* --- The irqchip --------------------------------------------------------- */

static void gic_enable(unsigned intid)
{
	if (intid >= gic.nlines)
		return;
#ifdef CONFIG_SMP
	if (intid >= GIC_PPI_BASE && intid < GIC_SPI_BASE)
		gic.ppis |= 1u << intid;
#endif
	if (gic.version == 3 && intid < GIC_SPI_BASE)
		bit_write(GIC_RD + GICR_ISENABLER0, intid);
	else
		bit_write(gic.dist + GICD_ISENABLER, intid);
}

static void gic_disable(unsigned intid)
{
	if (intid >= gic.nlines)
		return;
#ifdef CONFIG_SMP
	if (intid >= GIC_PPI_BASE && intid < GIC_SPI_BASE)
		gic.ppis &= ~(1u << intid);
#endif
	if (gic.version == 3 && intid < GIC_SPI_BASE) {
		bit_write(GIC_RD + GICR_ICENABLER0, intid);
		wait_rwp(GIC_RD + GICR_CTLR, GICR_CTLR_RWP);
	} else {
		bit_write(gic.dist + GICD_ICENABLER, intid);
		wait_dist();
	}
}

/* Acknowledge, handle and complete until nothing is pending: a second
 * interrupt that arrived meanwhile costs one more register read instead
 * of another exception. */
static void gic_v2_dispatch(void)
{
	for (;;) {
		uint32_t iar = mmio_read32(gic.cpu + GICC_IAR);
		unsigned intid = iar & 0x3ff;
		if (intid >= INTID_SPURIOUS)
			return;
		rk_irq_handle(intid);
		mmio_write32(gic.cpu + GICC_EOIR, iar); /* with the SGI source bits */
	}
}

static void gic_v3_dispatch(void)
{
	for (;;) {
		uint64_t iar = read_sysreg(ICC_IAR1_EL1);
		unsigned intid = iar & 0xffffff;
		if (intid >= INTID_SPURIOUS && intid < 1024)
			break;
		/* The acknowledge is a system register read: order it before
		 * the handler's accesses to the device. */
		dsb(sy);
		rk_irq_handle(intid);
		write_sysreg(ICC_EOIR1_EL1, iar);
	}
	isb(); /* completions done before the exception returns */
}

static int gic_fdt_intid(const uint32_t *cells, int ncells);

/* A DTB specifier as an INTID (0, never a device's, when not understood). */
static unsigned gic_xlate(const uint32_t *cells, int ncells)
{
	int intid = gic_fdt_intid(cells, ncells);

	return intid < 0 ? 0 : (unsigned)intid;
}

#ifdef CONFIG_SMP
/* An SPI to cpu only (SGIs and PPIs are each CPU's own: not movable). On
 * the CPU that takes it now, interrupts masked (kernel/dev/irq.c), so it
 * is not active there; one pending meanwhile follows the new target. v2:
 * its byte of GICD_ITARGETSR, the CPU's interface bit (read by that CPU at
 * its start-up); v3: GICD_IROUTER, the CPU's affinity (IRM 0: that CPU). */
static int gic_route(unsigned intid, unsigned cpu)
{
	if (intid < GIC_SPI_BASE || intid >= gic.nlines || cpu >= RK_NR_CPUS)
		return -1;
	if (gic.version == 3) {
		mmio_write64(gic.dist + GICD_IROUTER + 8 * intid, arch_cpu_hwid(cpu));
		return 0;
	}
	if (!gic.target[cpu])
		return -1; /* a GIC that reads as uniprocessor */
	mmio_write8(gic.dist + GICD_ITARGETSR + intid, gic.target[cpu]);
	return 0;
}
#define GIC_ROUTE .route = gic_route,

#ifdef CONFIG_KTEST
static void gic_set_edge_triggered(unsigned intid, bool edge);

/* gic_tests.c: a free SPI (never delivered, not enabled), 0 when there is
 * none, -1 when no GIC is driven (generic-aarch64 on the Pi). */
int gic_test_free_spi(void)
{
	if (!gic.dist)
		return -1;
	unsigned top = gic.nlines < RK_IRQ_MAX ? gic.nlines : RK_IRQ_MAX; /* the handler table's */
	for (unsigned intid = top; intid-- > GIC_SPI_BASE;)
		if (!rk_irq_count(intid) && !(mmio_read32(gic.dist + GICD_ISENABLER + intid / 32 * 4) &
					      1u << (intid % 32)))
			return (int)intid;
	return 0;
}

/* gic_tests.c: raise an SPI as an edge-triggered device would. */
void gic_test_raise(unsigned intid)
{
	gic_set_edge_triggered(intid, true);
	bit_write(gic.dist + GICD_ISPENDR, intid);
}
#endif
#else
#define GIC_ROUTE
#endif

static const struct rk_irqchip gic_v2_chip = {
	.name = "gicv2", .enable = gic_enable, .disable = gic_disable, .dispatch = gic_v2_dispatch,
	.xlate = gic_xlate, GIC_ROUTE
};

static const struct rk_irqchip gic_v3_chip = {
	.name = "gicv3", .enable = gic_enable, .disable = gic_disable, .dispatch = gic_v3_dispatch,
	.xlate = gic_xlate, GIC_ROUTE
};

/* --- Configuration -------------------------------------------------------- */

/* Edge- (true) or level-triggered (false, the default set at init) SPI. */
static void gic_set_edge_triggered(unsigned intid, bool edge)
{
	if (intid < GIC_SPI_BASE || intid >= gic.nlines)
		return; /* SGIs are edge, PPIs fixed by the core (the timer: level) */
	uintptr_t reg = gic.dist + GICD_ICFGR + intid / 16 * 4;
	uint32_t bit = 2u << (intid % 16 * 2);
	unsigned long flags = arch_irq_save();
	uint32_t v = mmio_read32(reg);
	mmio_write32(reg, edge ? v | bit : v & ~bit);
	wait_dist();
	arch_irq_restore(flags);
}

/* A DTB interrupt specifier of a GIC (3 cells: type, number, flags) as an
 * INTID, configuring the trigger (flags 1/2: edge, 4/8: level) of SPIs on
 * the way. -1 if the cells are not a PPI or SPI. */
static int gic_fdt_intid(const uint32_t *cells, int ncells)
{
	if (ncells < 3)
		return -1;
	unsigned type = cells[0], n = cells[1], trigger = cells[2] & 0xf;
	int intid;
	if (type == 0 && n < 988)
		intid = (int)(GIC_SPI_BASE + n);
	else if (type == 1 && n < 16)
		intid = (int)(GIC_PPI_BASE + n);
	else
		return -1;
	if (type == 0 && trigger)
		gic_set_edge_triggered((unsigned)intid, trigger & 3);
	return intid;
}

/* Shared SPI setup: disabled, not pending or active, default priority,
 * level-triggered. Routing differs by version and is the caller's. */
static void dist_spis_init(void)
{
	for (unsigned i = GIC_SPI_BASE; i < gic.nlines; i += 32) {
		mmio_write32(gic.dist + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(gic.dist + GICD_ICPENDR + i / 8, ~0u);
		mmio_write32(gic.dist + GICD_ICACTIVER + i / 8, ~0u);
	}
	for (unsigned i = GIC_SPI_BASE; i < gic.nlines; i += 16)
		mmio_write32(gic.dist + GICD_ICFGR + i / 4, 0);
	for (unsigned i = GIC_SPI_BASE; i < gic.nlines; i += 4)
		mmio_write32(gic.dist + GICD_IPRIORITYR + i, PRIO_DEFAULT * 0x01010101u);
}

static unsigned dist_lines(void)
{
	unsigned n = 32 * ((mmio_read32(gic.dist + GICD_TYPER) & 0x1f) + 1);
	return n > INTID_SPURIOUS ? INTID_SPURIOUS : n;
}

/* PPIs a CPU enables as it sets up its banked registers: with SMP, those
 * attached so far (on the boot CPU: none yet). */
#ifdef CONFIG_SMP
#define PPIS_ON gic.ppis
#else
#define PPIS_ON 0
#endif

/* This CPU's banked SGIs/PPIs (SGIs on, PPIs as PPIS_ON, all at the
 * default priority) and its CPU interface. */
static int gic_v2_cpu_init(void)
{
	mmio_write32(gic.dist + GICD_ICENABLER, 0xffff0000u & ~PPIS_ON);
	mmio_write32(gic.dist + GICD_ISENABLER, 0x0000ffffu | PPIS_ON);
	for (unsigned i = 0; i < GIC_SPI_BASE; i += 4)
		mmio_write32(gic.dist + GICD_IPRIORITYR + i, PRIO_DEFAULT * 0x01010101u);
#ifdef CONFIG_SMP
	/* Its own bit, as GICD_SGIR targets it (the banked SGI targets read
	 * as this CPU's interface). */
	gic.target[rk_cpu_id()] = mmio_read8(gic.dist + GICD_ITARGETSR);
#endif
	mmio_write32(gic.cpu + GICC_PMR, PMR_ALL);
	mmio_write32(gic.cpu + GICC_BPR, 0); /* no preemption groups: we never nest */
	mmio_write32(gic.cpu + GICC_CTLR, GICC_CTLR_ENABLE);
	return 0;
}

static int gic_v2_init(void)
{
	mmio_write32(gic.dist + GICD_CTLR, 0);
	gic.nlines = dist_lines();
	dist_spis_init();
	/* Reading a target register of the banked SGIs yields this CPU's
	 * own target bit: route every SPI there. */
	uint32_t self = mmio_read8(gic.dist + GICD_ITARGETSR) * 0x01010101u;
	if (!self)
		self = 0x01010101u; /* uniprocessor GICs read as zero */
	for (unsigned i = GIC_SPI_BASE; i < gic.nlines; i += 4)
		mmio_write32(gic.dist + GICD_ITARGETSR + i, self);
	mmio_write32(gic.dist + GICD_CTLR, GICD_CTLR_ENABLE);
	gic_v2_cpu_init();
	rk_irqchip_register(&gic_v2_chip);
	return 0;
}

/* This CPU's redistributor: the frame whose GICR_TYPER affinity matches
 * MPIDR_EL1. Frames are 128 KiB, or 256 KiB with virtual LPIs (GICv4). */
static uintptr_t find_redist(uintptr_t base, uint64_t size)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint32_t aff = (uint32_t)((mpidr >> 8 & 0xff000000u) | (mpidr & 0xffffff));

	for (uintptr_t rd = base; rd + GICR_FRAME_V3 <= base + size;) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);
		if ((uint32_t)(typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
		rd += typer & GICR_TYPER_VLPIS ? GICR_FRAME_V4 : GICR_FRAME_V3;
	}
	return 0;
}

/* This CPU's redistributor (found in [redist, + size)), its banked SGIs
 * and PPIs like v2's, and its system register CPU interface. */
static int gic_v3_cpu_init(uintptr_t redist, uint64_t redist_size)
{
	GIC_RD = find_redist(redist, redist_size);
	if (!GIC_RD) {
		printk("gic: no redistributor for this CPU in 0x%lx+0x%llx\n", (unsigned long)redist,
		       (unsigned long long)redist_size);
		return -1;
	}
	mmio_write32(GIC_RD + GICR_WAKER, mmio_read32(GIC_RD + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	for (int i = 0; i < RWP_SPINS && (mmio_read32(GIC_RD + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP); i++)
		;
	mmio_write32(GIC_RD + GICR_IGROUPR0, ~0u);
	mmio_write32(GIC_RD + GICR_ICENABLER0, 0xffff0000u & ~PPIS_ON);
	mmio_write32(GIC_RD + GICR_ICPENDR0, ~0u);
	mmio_write32(GIC_RD + GICR_ICACTIVER0, ~0u);
	mmio_write32(GIC_RD + GICR_ISENABLER0, 0x0000ffffu | PPIS_ON);
	for (unsigned i = 0; i < GIC_SPI_BASE; i += 4)
		mmio_write32(GIC_RD + GICR_IPRIORITYR + i, PRIO_DEFAULT * 0x01010101u);
	wait_rwp(GIC_RD + GICR_CTLR, GICR_CTLR_RWP);

	/* The CPU interface, through system registers. */
	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 1);
	isb();
	if (!(read_sysreg(ICC_SRE_EL1) & 1)) {
		printk("gic: the GICv3 system register interface is disabled above EL1\n");
		return -1;
	}
	write_sysreg(ICC_PMR_EL1, PMR_ALL);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1, 0); /* EOImode 0 */
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
	return 0;
}

static int gic_v3_init(uintptr_t redist, uint64_t redist_size)
{
	mmio_write32(gic.dist + GICD_CTLR, 0);
	wait_dist();
	gic.nlines = dist_lines();
	dist_spis_init();
	uint64_t route = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK; /* IROUTER's layout */
	for (unsigned i = GIC_SPI_BASE; i < gic.nlines; i += 32)
		mmio_write32(gic.dist + GICD_IGROUPR + i / 8, ~0u);
	for (unsigned i = GIC_SPI_BASE; i < gic.nlines; i++)
		mmio_write64(gic.dist + GICD_IROUTER + 8 * i, route);
	mmio_write32(gic.dist + GICD_CTLR, GICD_CTLR_V3);
	wait_dist();
	if (gic_v3_cpu_init(redist, redist_size))
		return -1;
#ifdef CONFIG_SMP
	gic.redist = redist;
	gic.redist_size = redist_size;
#endif
	rk_irqchip_register(&gic_v3_chip);
	return 0;
}

#ifdef CONFIG_SMP
/* --- SMP: SGI 0 is the kernel's IPI ------------------------------------------ */

#define IPI_SGI 0

static void gic_send_ipi(unsigned cpu)
{
	/* The message written before reaches the target before the IPI. */
	dsb(ish);
	if (gic.version == 3) {
		/* ICC_SGI1R_EL1: Aff3.Aff2.Aff1, the target list of Aff0 values
		 * within the range RS (16 each). */
		uint64_t mpidr = arch_cpu_hwid(cpu), aff0 = mpidr & 0xff;
		write_sysreg(ICC_SGI1R_EL1, (mpidr >> 32 & 0xff) << 48 | (mpidr >> 16 & 0xff) << 32 |
						    (mpidr >> 8 & 0xff) << 16 | (aff0 >> 4) << 44 |
						    (uint64_t)IPI_SGI << 24 | 1u << (aff0 & 15));
		isb();
	} else {
		mmio_write32(gic.dist + GICD_SGIR, (uint32_t)gic.target[cpu] << 16 | IPI_SGI);
	}
}

static int gic_cpu_init(void)
{
	return gic.version == 3 ? gic_v3_cpu_init(gic.redist, gic.redist_size) : gic_v2_cpu_init();
}

static struct aarch64_ipi_chip gic_ipi = { "gic", IPI_SGI, gic_send_ipi, gic_cpu_init };
#endif

static int gic_init(const struct gic_desc *d)
{
	/* The architecture revision in the distributor's ID register must
	 * match what the DTB claims: 1 or 2 for v2, 3 or 4 for v3. */
	uint32_t rev = (mmio_read32(d->dist + (d->version == 3 ? GICD_PIDR2_V3 : GICD_PIDR2_V2)) >> 4) & 0xf;
	bool ok = d->version == 3 ? rev == 3 || rev == 4 : d->version == 2 && (rev == 1 || rev == 2);

	if (!ok) {
		printk("gic: distributor at 0x%lx is not a GICv%u (ArchRev %u)\n", (unsigned long)d->dist,
		       d->version, rev);
		return -1;
	}
	gic.version = d->version;
	gic.dist = d->dist;
	gic.cpu = d->cpu;
	int err = d->version == 3 ? gic_v3_init(d->redist, d->redist_size) : gic_v2_init();
#ifdef CONFIG_SMP
	if (!err) {
		gic_ipi.name = d->version == 3 ? "gicv3" : "gicv2";
		aarch64_ipi_register(&gic_ipi);
	}
#endif
	return err;
}

/* --- Binding: the DTB node (drivers/fdt/bus.c) ------------------------------ */

/* reg entry index of the node, mapped as device memory. */
static int map_reg(const struct rk_fdt_dev *dev, int index, uint64_t *base, uint64_t *size)
{
	int err = rk_fdt_dev_reg(dev, index, base, size);

	if (err) {
		rk_fdt_report(dev->dtb, dev->node, "reg", "entry %d: %s", index, rk_fdt_strerror(err));
		return -RK_ENODEV;
	}
	if (aarch64_mmu_map_device(*base, *size)) {
		rk_fdt_report(dev->dtb, dev->node, "reg",
			      "entry %d: %#llx + %#llx cannot be mapped (beyond %#llx)", index,
			      (unsigned long long)*base, (unsigned long long)*size,
			      (unsigned long long)A64_VA_LIMIT);
		return -RK_ENODEV;
	}
	return 0;
}

/* "arm,gic-v3" (reg: GICD, then the redistributor regions, of which the
 * first is searched) or one of the GICv2 compatibles (reg: GICD, GICC). */
static int gic_probe(const struct rk_fdt_dev *dev)
{
	struct gic_desc d = { .version = strcmp(dev->compatible, "arm,gic-v3") ? 2 : 3 };
	uint64_t base, size;

	if (gic.dist) {
		printk("gic: %s: one GIC is driven already; not used\n", rk_fdt_name(dev->dtb, dev->node));
		return -RK_ENODEV;
	}
	if (map_reg(dev, 0, &base, &size))
		return -RK_ENODEV;
	d.dist = base;
	if (map_reg(dev, 1, &base, &size))
		return -RK_ENODEV;
	if (d.version == 3) {
		d.redist = base;
		d.redist_size = size;
	} else {
		d.cpu = base;
	}
	return gic_init(&d) ? -RK_ENODEV : 0;
}

static const char *const gic_compat[] = {
	"arm,gic-v3", "arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", NULL,
};
RK_FDT_DRIVER(gic, gic_compat, gic_probe, RK_INIT_PLATFORM);
