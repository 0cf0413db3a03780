/* SPDX-License-Identifier: BSD-2-Clause */
/* PCI Express host bridges from the devicetree ("pci-host-ecam-generic",
 * QEMU virt on riscv64 and aarch64), and their INTx routing.
 *
 * A bridge node gives:
 *   reg             the ECAM window, which starts at the first bus of
 *                   bus-range (default 0-255, clipped to what reg covers);
 *   ranges          PCI address -> CPU address windows; the first 32-bit
 *                   non-prefetchable memory one (space code 0x02000000)
 *                   takes the BARs. rk_pci_add_host knows one address per
 *                   window, so a window whose PCI and CPU addresses differ
 *                   is refused rather than programmed wrongly;
 *   interrupt-map   (with interrupt-map-mask) which parent interrupt each
 *                   (device address, pin) raises. QEMU swizzles INTA-INTD
 *                   over the slot number onto four level-triggered lines.
 * MSI (msi-parent / msi-map to a GICv2m frame or an ITS, or a RISC-V
 * IMSIC) is not used: pci.c has no MSI support off x86, so every function
 * runs on its INTx pin. */
#include "libfdt_env.h" /* before libfdt.h: see that file */
#include <libfdt.h>
#include <rumpk/fdt.h>
#include <rumpk/pci.h>
#include <rumpk/printk.h>

#define MAX_BRIDGES 4
#define ECAM_BUS_SIZE (1ull << 20)
#define PCI_ADDR_CELLS 3     /* phys.hi, phys.mid, phys.lo */
#define PCI_SPACE_MASK 0x03000000u
#define PCI_SPACE_MEM32 0x02000000u
#define PCI_PREFETCHABLE 0x40000000u
#define MAX_SPEC_CELLS (PCI_ADDR_CELLS + 1) /* unit address + the pin */

struct bridge {
	const void *dtb;
	int node;
	char name[40];
};

static struct bridge bridges[MAX_BRIDGES];
static unsigned nbridges;

static uint32_t cell(const fdt32_t *p)
{
	return fdt32_to_cpu(*p);
}

static uint64_t cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 32 | cell(p + i);
	return v;
}

/* The first 32-bit non-prefetchable memory window of the bridge's ranges,
 * as a CPU address range equal to its PCI addresses. 0, or -1 with the
 * reason printed. */
static int mem_window(const void *dtb, int node, const char *name, uint64_t *base,
		      uint64_t *size)
{
	int len, up = fdt_parent_offset(dtb, node);
	const fdt32_t *r = fdt_getprop(dtb, node, "ranges", &len);
	int pa = up < 0 ? -1 : fdt_address_cells(dtb, up);
	int cs = fdt_size_cells(dtb, node);
	int n = PCI_ADDR_CELLS + pa + cs;

	if (!r || pa < 1 || pa > 2 || cs < 1 || cs > 2 || len % (n * 4)) {
		printk("pci: %s: missing or malformed ranges\n", name);
		return -1;
	}
	for (int i = 0; i < len / (n * 4); i++, r += n) {
		uint32_t space = cell(r);
		if ((space & PCI_SPACE_MASK) != PCI_SPACE_MEM32 || (space & PCI_PREFETCHABLE))
			continue;
		uint64_t pci = cells(r + 1, 2), cpu = cells(r + PCI_ADDR_CELLS, pa);
		uint64_t span = cells(r + PCI_ADDR_CELLS + pa, cs);
		if (rk_fdt_translate(dtb, up, &cpu)) {
			printk("pci: %s: memory window %#llx does not translate to a CPU "
			       "address\n", name, (unsigned long long)pci);
			return -1;
		}
		if (cpu != pci) {
			printk("pci: %s: memory window at PCI %#llx is at CPU %#llx; only "
			       "windows with equal addresses are supported, bridge not used\n",
			       name, (unsigned long long)pci, (unsigned long long)cpu);
			return -1;
		}
		*base = cpu;
		*size = span;
		return 0;
	}
	printk("pci: %s: no 32-bit memory window in ranges\n", name);
	return -1;
}

/* INTx routing needs an interrupt controller driver; without one (no
 * CONFIG_TIME) functions run polled and no router is registered. */
#if defined(CONFIG_IRQ_GIC) || defined(CONFIG_IRQ_PLIC)
#define HAVE_IRQCHIP 1

/* The interrupt-map entry matching (bus, slot, func, pin) after the mask
 * (devicetree spec 2.4.3). Only a map straight to an interrupt
 * controller is followed, not a further nexus. */
static unsigned route_intx(void *arg, const struct rk_pci_dev *d, unsigned pin)
{
	const struct bridge *b = arg;
	const void *dtb = b->dtb;
	int mlen, len;
	const fdt32_t *mask = fdt_getprop(dtb, b->node, "interrupt-map-mask", &mlen);
	const fdt32_t *map = fdt_getprop(dtb, b->node, "interrupt-map", &len);
	uint32_t key[MAX_SPEC_CELLS] = { (uint32_t)d->bus << 16 | (uint32_t)d->slot << 11 |
					 (uint32_t)d->func << 8, 0, 0, pin };
	char name[16];

	rk_pci_name(d, name);
	if (!map) {
		printk("pci: %s: %s has no interrupt-map; INT%c not routed\n", name, b->name,
		       'A' + pin - 1);
		return 0;
	}
	if (mask && mlen != MAX_SPEC_CELLS * 4) {
		printk("pci: %s: malformed interrupt-map-mask\n", b->name);
		return 0;
	}
	for (int i = 0; i < MAX_SPEC_CELLS; i++)
		key[i] &= mask ? cell(mask + i) : ~0u;

	const fdt32_t *p = map, *end = map + len / 4;
	while (end - p > MAX_SPEC_CELLS) {
		const fdt32_t *entry = p;
		int parent = fdt_node_offset_by_phandle(dtb, cell(p + MAX_SPEC_CELLS));
		if (parent < 0)
			break;
		const fdt32_t *pac = fdt_getprop(dtb, parent, "#address-cells", NULL);
		const fdt32_t *pic = fdt_getprop(dtb, parent, "#interrupt-cells", NULL);
		/* A parent without #address-cells has none (spec 2.4.3.1). */
		int na = pac ? (int)cell(pac) : 0, ni = pic ? (int)cell(pic) : -1;
		if (na > 3 || ni < 1 || ni > RK_FDT_IRQ_MAX_CELLS ||
		    end - p < MAX_SPEC_CELLS + 1 + na + ni)
			break;
		p += MAX_SPEC_CELLS + 1 + na;
		bool match = true;
		for (int i = 0; i < MAX_SPEC_CELLS; i++)
			if ((cell(entry + i) & (mask ? cell(mask + i) : ~0u)) != key[i])
				match = false;
		if (match) {
			if (fdt_getprop(dtb, parent, "interrupt-map", NULL)) {
				printk("pci: %s: INT%c maps to another interrupt nexus (%s); "
				       "not followed\n", name, 'A' + pin - 1,
				       fdt_get_name(dtb, parent, NULL));
				return 0;
			}
			uint32_t spec[RK_FDT_IRQ_MAX_CELLS];
			for (int i = 0; i < ni; i++)
				spec[i] = cell(p + i);
			unsigned irq = rk_fdt_irq_number(spec, ni);
			if (!irq)
				printk("pci: %s: INT%c: interrupt specifier of %s not "
				       "understood\n", name, 'A' + pin - 1,
				       fdt_get_name(dtb, parent, NULL));
			return irq;
		}
		p += ni;
	}
	if (p != end)
		printk("pci: %s: malformed interrupt-map\n", b->name);
	else
		printk("pci: %s: INT%c is not in %s's interrupt-map\n", name, 'A' + pin - 1,
		       b->name);
	return 0;
}
#endif /* HAVE_IRQCHIP */

static int add_bridge(const void *dtb, int node, unsigned index,
		      int (*map_device)(uint64_t base, uint64_t size))
{
	const char *name = rk_fdt_name(dtb, node);
	uint64_t ecam, ecam_size, mem, mem_size;
	uint32_t segment = index, busr[2] = { 0, 255 };
	int len, err = rk_fdt_reg(dtb, node, 0, &ecam, &ecam_size);

	if (err) {
		printk("pci: %s: no ECAM reg (%s)\n", name, rk_fdt_strerror(err));
		return -1;
	}
	const fdt32_t *ic = fdt_getprop(dtb, node, "#interrupt-cells", NULL);
	if (fdt_address_cells(dtb, node) != PCI_ADDR_CELLS || (ic && cell(ic) != 1)) {
		printk("pci: %s: not a PCI bus node (#address-cells must be 3, "
		       "#interrupt-cells 1)\n", name);
		return -1;
	}
	rk_fdt_prop_u32(dtb, node, "linux,pci-domain", &segment); /* optional */
	const fdt32_t *br = fdt_getprop(dtb, node, "bus-range", &len);
	if (br && len == 8) {
		busr[0] = cell(br);
		busr[1] = cell(br + 1);
	} else if (br) {
		printk("pci: %s: malformed bus-range\n", name);
		return -1;
	}
	uint64_t buses = ecam_size / ECAM_BUS_SIZE;
	if (busr[0] > busr[1] || busr[1] > 255 || buses == 0) {
		printk("pci: %s: bus-range %u-%u with %llu KiB of ECAM is unusable\n", name,
		       busr[0], busr[1], (unsigned long long)(ecam_size >> 10));
		return -1;
	}
	if (busr[1] - busr[0] + 1 > buses) {
		printk("pci: %s: ECAM covers %llu buses: bus-range %u-%u clipped\n", name,
		       (unsigned long long)buses, busr[0], busr[1]);
		busr[1] = busr[0] + (uint32_t)buses - 1;
	}
	if (mem_window(dtb, node, name, &mem, &mem_size))
		return -1;
	if (map_device && (map_device(ecam, (busr[1] - busr[0] + 1) * ECAM_BUS_SIZE) ||
			   map_device(mem, mem_size))) {
		printk("pci: %s: cannot map ECAM %#llx or window %#llx\n", name,
		       (unsigned long long)ecam, (unsigned long long)mem);
		return -1;
	}
	/* rk_pci_add_host takes the address of bus 0, as ACPI's MCFG does. */
	if (segment > 0xffff || ecam < busr[0] * ECAM_BUS_SIZE ||
	    rk_pci_add_host((uint16_t)segment, ecam - busr[0] * ECAM_BUS_SIZE, busr[0], busr[1],
			    mem, mem_size))
		return -1;
	struct bridge *b = &bridges[nbridges++];
	b->dtb = dtb;
	b->node = node;
	rk_snprintf(b->name, sizeof(b->name), "%s", name);
#ifdef HAVE_IRQCHIP
	return rk_pci_host_intx((uint16_t)segment, busr[0], route_intx, b);
#else
	return 0;
#endif
}

int rk_pci_probe_fdt(const void *dtb, int (*map_device)(uint64_t base, uint64_t size))
{
	int added = 0;
	unsigned index = 0;

	for (int n = rk_fdt_compatible_enabled(dtb, -1, "pci-host-ecam-generic"); n >= 0;
	     n = rk_fdt_compatible_enabled(dtb, n, "pci-host-ecam-generic"), index++) {
		if (nbridges == MAX_BRIDGES) {
			printk("pci: more than %d bridges in the DTB; %s ignored\n", MAX_BRIDGES,
			       rk_fdt_name(dtb, n));
			continue;
		}
		if (add_bridge(dtb, n, index, map_device) == 0)
			added++;
	}
	return added;
}
