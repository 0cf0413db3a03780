/* Arm Generic Interrupt Controller, v2 and v3 (drivers/irq/gic.c).
 *
 * Interrupt numbers (what rk_irq_attach takes) are GIC INTIDs:
 *   0-15   SGIs (software generated)
 *   16-31  PPIs, per CPU: a DTB specifier <1 n flags> is INTID 16 + n
 *          (the virtual timer, <1 11 ...>, is 27)
 *   32-1019 SPIs, shared: <0 n flags> is INTID 32 + n (QEMU virt's PL011,
 *          <0 1 4>, is 33; its virtio-mmio slots are 48-79)
 * gic_fdt_intid() does this translation. The kernel's handler table ends
 * at RK_IRQ_MAX (256); higher INTIDs cannot be attached. */
#ifndef ARCH_GIC_H
#define ARCH_GIC_H

#include <stdbool.h>
#include <stdint.h>

#define GIC_PPI_BASE 16
#define GIC_SPI_BASE 32

struct gic_desc {
	unsigned version;       /* 2 or 3 */
	uintptr_t dist;         /* distributor (GICD) */
	uintptr_t cpu;          /* v2: CPU interface (GICC) */
	uintptr_t redist;       /* v3: first redistributor region (GICR) */
	uint64_t redist_size;
};

/* Bring up the distributor and this CPU's interface (every interrupt
 * masked, lowest priority mask) and register the irqchip. 0, or -1 when
 * the hardware does not look like the version given (reported). */
int gic_init(const struct gic_desc *d);

/* A DTB interrupt specifier of a GIC (3 cells: type, number, flags) as an
 * INTID, configuring the trigger (flags 1/2: edge, 4/8: level) of SPIs on
 * the way. -1 if the cells are not a PPI or SPI. */
int gic_fdt_intid(const uint32_t *cells, int ncells);
/* Edge- (true) or level-triggered (false, the default set at init) SPI. */
void gic_set_edge_triggered(unsigned intid, bool edge);

#endif
