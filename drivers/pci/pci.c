/* SPDX-License-Identifier: BSD-2-Clause */
/* PCI Express enumeration over ECAM, BAR placement and MSI-X routing (see
 * include/rumpk/pci.h). Runs once, at the first rk_pci_devices() call,
 * before any driver has touched a function. */
#include <stdlib.h>
#include <rumpk/mmio.h>
#include <rumpk/pci.h>
#include <rumpk/printk.h>
#ifdef CONFIG_IRQ_LAPIC
#include <rumpk/x86_irq.h>
#endif

#define MAX_HOSTS 4
#define ECAM_BUS_SHIFT 20
#define ECAM_SLOT_SHIFT 15
#define ECAM_FUNC_SHIFT 12
#define SLOTS 32
#define FUNCS 8

#define HEADER_TYPE_MASK 0x7f
#define HEADER_MULTIFUNCTION 0x80
#define HEADER_NORMAL 0
#define HEADER_BRIDGE 1

#define BAR_IO 1u
#define BAR_TYPE_MASK 6u
#define BAR_TYPE_64 4u
#define BAR_MEM_MASK 0xfffffff0u

#define MSIX_CTRL 2
#define MSIX_TABLE 4
#define MSIX_CTRL_SIZE_MASK 0x7ff
#define MSIX_CTRL_MASKALL (1u << 14)
#define MSIX_CTRL_ENABLE (1u << 15)
#define MSIX_BIR_MASK 7u
#define MSIX_ENTRY_SIZE 16
#define MSIX_ENTRY_VECTOR_CTRL 12
#define MSIX_VECTOR_MASKED 1u

#define CAP_LIST_LIMIT 48 /* a looping capability list must not hang the boot */

struct host {
	uint16_t segment;
	uint64_t ecam;
	unsigned bus_start, bus_end;
	uint64_t mem_next, mem_end; /* BAR allocation cursor in the window */
	rk_pci_intx_fn intx;        /* NULL: INTx routing unknown (x86: MSI-X only) */
	void *intx_arg;
};

static struct host hosts[MAX_HOSTS];
static unsigned nhosts;
static struct rk_pci_dev *devices, **devices_end = &devices; /* in bus order */
static bool enumerated;

int rk_pci_add_host(uint16_t segment, uint64_t ecam, unsigned bus_start, unsigned bus_end,
		    uint64_t mem_base, uint64_t mem_size)
{
	if (nhosts == MAX_HOSTS) {
		printk("pci: more than %d host bridges; segment %u ignored\n", MAX_HOSTS,
		       (unsigned)segment);
		return -1;
	}
	if (!ecam || bus_end < bus_start || bus_end > 255 || ecam % (1u << ECAM_BUS_SHIFT) ||
	    mem_base + mem_size < mem_base) {
		printk("pci: unusable host bridge: ECAM %#llx buses %u-%u window %#llx+%#llx\n",
		       (unsigned long long)ecam, bus_start, bus_end, (unsigned long long)mem_base,
		       (unsigned long long)mem_size);
		return -1;
	}
	hosts[nhosts++] = (struct host){ segment, ecam, bus_start, bus_end, mem_base,
					 mem_base + mem_size, 0, 0 };
	printk("pci: segment %u buses %u-%u, ECAM at %#llx, memory window %#llx-%#llx\n",
	       (unsigned)segment, bus_start, bus_end, (unsigned long long)ecam,
	       (unsigned long long)mem_base, (unsigned long long)(mem_base + mem_size - 1));
	return 0;
}

int rk_pci_host_intx(uint16_t segment, unsigned bus_start, rk_pci_intx_fn route, void *arg)
{
	for (unsigned i = 0; i < nhosts; i++)
		if (hosts[i].segment == segment && hosts[i].bus_start == bus_start) {
			hosts[i].intx = route;
			hosts[i].intx_arg = arg;
			return 0;
		}
	printk("pci: no host bridge %u:%02x to route INTx for\n", (unsigned)segment, bus_start);
	return -1;
}

const char *rk_pci_name(const struct rk_pci_dev *d, char buf[16])
{
	rk_snprintf(buf, 16, "%04x:%02x:%02x.%u", d->segment, d->bus, d->slot, d->func);
	return buf;
}

uint8_t rk_pci_read8(const struct rk_pci_dev *d, unsigned off)
{
	return mmio_read8(d->cfg + off);
}

uint16_t rk_pci_read16(const struct rk_pci_dev *d, unsigned off)
{
	return mmio_read16(d->cfg + off);
}

uint32_t rk_pci_read32(const struct rk_pci_dev *d, unsigned off)
{
	return mmio_read32(d->cfg + off);
}

void rk_pci_write16(const struct rk_pci_dev *d, unsigned off, uint16_t v)
{
	mmio_write16(d->cfg + off, v);
}

void rk_pci_write32(const struct rk_pci_dev *d, unsigned off, uint32_t v)
{
	mmio_write32(d->cfg + off, v);
}

unsigned rk_pci_find_cap(const struct rk_pci_dev *d, uint8_t id, unsigned after)
{
	if (!(rk_pci_read16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	unsigned off = after ? rk_pci_read8(d, after + 1) : rk_pci_read8(d, PCI_CAP_PTR);
	for (int n = 0; n < CAP_LIST_LIMIT && off >= 0x40 && off < 0x100; n++) {
		off &= ~3u;
		if (rk_pci_read8(d, off) == id)
			return off;
		off = rk_pci_read8(d, off + 1);
	}
	return 0;
}

void rk_pci_enable(const struct rk_pci_dev *d)
{
	uint16_t cmd = rk_pci_read16(d, PCI_COMMAND);
	rk_pci_write16(d, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

/* Size the memory BAR at index i (two slots when it is 64-bit) by the
 * all-ones probe, and give it an address from the window when the firmware
 * left it at 0. Decoding is off while this runs (the caller cleared
 * PCI_COMMAND_MEMORY), so the probe values never decode. Returns how many
 * BAR slots it used. */
static unsigned place_bar(struct rk_pci_dev *d, struct host *h, unsigned i)
{
	unsigned off = PCI_BAR0 + 4 * i;
	uint32_t lo = rk_pci_read32(d, off);
	if (lo & BAR_IO)
		return 1; /* I/O space: not placed (see pci.h) */
	bool is64 = (lo & BAR_TYPE_MASK) == BAR_TYPE_64 && i + 1 < PCI_NUM_BARS;
	uint32_t hi = is64 ? rk_pci_read32(d, off + 4) : 0;

	rk_pci_write32(d, off, 0xffffffffu);
	uint64_t mask = rk_pci_read32(d, off) & BAR_MEM_MASK;
	rk_pci_write32(d, off, lo);
	if (is64) {
		rk_pci_write32(d, off + 4, 0xffffffffu);
		mask |= (uint64_t)rk_pci_read32(d, off + 4) << 32;
		rk_pci_write32(d, off + 4, hi);
	} else {
		mask |= 0xffffffff00000000ull;
	}
	unsigned used = is64 ? 2 : 1;
	if ((uint32_t)mask == 0 && (mask >> 32) == 0xffffffffu)
		return used; /* unimplemented BAR */
	uint64_t size = ~mask + 1;
	uint64_t addr = ((uint64_t)hi << 32 | lo) & ~(uint64_t)0xf;
	char name[16];

	if (addr == 0) {
		uint64_t at = (h->mem_next + size - 1) & ~(size - 1);
		if (at < h->mem_next || at + size > h->mem_end) {
			printk("pci: %s: BAR%u of %llu KiB does not fit the memory window; "
			       "left unplaced\n",
			       rk_pci_name(d, name), i, (unsigned long long)(size >> 10));
			return used;
		}
		addr = at;
		h->mem_next = at + size;
		rk_pci_write32(d, off, (uint32_t)addr | (lo & 0xf));
		if (is64)
			rk_pci_write32(d, off + 4, (uint32_t)(addr >> 32));
	}
	d->bar[i] = addr;
	d->bar_size[i] = size;
	return used;
}

static void add_function(struct host *h, unsigned bus, unsigned slot, unsigned func,
			 uintptr_t cfg)
{
	struct rk_pci_dev probe = { .cfg = cfg };
	uint8_t type = rk_pci_read8(&probe, PCI_HEADER_TYPE) & HEADER_TYPE_MASK;
	char name[16];

	struct rk_pci_dev *d = calloc(1, sizeof(*d));
	if (!d) {
		printk("pci: out of memory enumerating bus %u\n", bus);
		return;
	}
	*d = (struct rk_pci_dev){
		.cfg = cfg,
		.segment = h->segment,
		.bus = (uint8_t)bus,
		.slot = (uint8_t)slot,
		.func = (uint8_t)func,
		.vendor_id = rk_pci_read16(&probe, PCI_VENDOR_ID),
		.device_id = rk_pci_read16(&probe, PCI_DEVICE_ID),
		.class_code = rk_pci_read32(&probe, PCI_CLASS_REVISION) >> 8,
	};
	if (type == HEADER_BRIDGE) {
		printk("pci: %s [%04x:%04x] is a bridge; devices behind bridges are not "
		       "supported\n",
		       rk_pci_name(d, name), d->vendor_id, d->device_id);
	} else if (type == HEADER_NORMAL) {
		d->subsystem_id = rk_pci_read16(d, PCI_SUBSYSTEM_ID);
		uint16_t cmd = rk_pci_read16(d, PCI_COMMAND);
		rk_pci_write16(d, PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
		for (unsigned i = 0; i < PCI_NUM_BARS;)
			i += place_bar(d, h, i);
		rk_pci_write16(d, PCI_COMMAND, cmd);
		uint8_t pin = rk_pci_read8(d, PCI_INTERRUPT_PIN);
		if (pin >= 1 && pin <= 4) {
			d->intx_pin = pin;
			if (h->intx)
				d->intx_irq = h->intx(h->intx_arg, d, pin);
		}
		char info[PCI_NUM_BARS * 32 + 24] = "", *p = info;
		for (unsigned i = 0; i < PCI_NUM_BARS; i++)
			if (d->bar[i])
				p += rk_snprintf(p, (size_t)(info + sizeof(info) - p),
						 " BAR%u %#llx (%llu KiB)", i,
						 (unsigned long long)d->bar[i],
						 (unsigned long long)(d->bar_size[i] >> 10));
		if (d->intx_irq)
			rk_snprintf(p, (size_t)(info + sizeof(info) - p), " INT%c irq %u",
				    'A' + d->intx_pin - 1, d->intx_irq);
		printk("pci: %s [%04x:%04x] class %06x%s\n", rk_pci_name(d, name),
		       d->vendor_id, d->device_id, (unsigned)d->class_code, info);
	}
	*devices_end = d;
	devices_end = &d->next;
}

static void scan_bus(struct host *h, unsigned bus)
{
	for (unsigned slot = 0; slot < SLOTS; slot++)
		for (unsigned func = 0; func < FUNCS; func++) {
			uintptr_t cfg = (uintptr_t)(h->ecam + ((uint64_t)bus << ECAM_BUS_SHIFT |
							       slot << ECAM_SLOT_SHIFT |
							       func << ECAM_FUNC_SHIFT));
			uint16_t vendor = mmio_read16(cfg + PCI_VENDOR_ID);
			/* All ones: nothing answers; 0 is no valid vendor either
			 * (what an unbacked window may read as). */
			if (vendor == 0xffff || vendor == 0) {
				if (func == 0)
					break; /* no device in this slot */
				continue;
			}
			add_function(h, bus, slot, func, cfg);
			if (func == 0 && !(mmio_read8(cfg + PCI_HEADER_TYPE) & HEADER_MULTIFUNCTION))
				break;
		}
}

struct rk_pci_dev *rk_pci_devices(void)
{
	if (!enumerated) {
		enumerated = true;
		for (unsigned i = 0; i < nhosts; i++)
			scan_bus(&hosts[i], hosts[i].bus_start);
	}
	return devices;
}

#if defined(CONFIG_IRQ_LAPIC) && defined(CONFIG_SMP)
/* Each MSI's table entry, for rk_pci_msix_retarget. */
static uintptr_t msix_entries[X86_NR_MSI];

int rk_pci_msix_retarget(unsigned irq, uint64_t addr)
{
	if (irq < X86_NR_GSI || irq >= X86_NR_IRQ_VECTORS || !msix_entries[irq - X86_NR_GSI])
		return -1;
	uintptr_t e = msix_entries[irq - X86_NR_GSI];
	uint32_t ctrl = mmio_read32(e + MSIX_ENTRY_VECTOR_CTRL);
	/* Masked while the address changes (PCI 3.0 6.8.2.9): a message the
	 * function raises meanwhile stays pending and goes to the new one. */
	mmio_write32(e + MSIX_ENTRY_VECTOR_CTRL, ctrl | MSIX_VECTOR_MASKED);
	mmio_write32(e + 0, (uint32_t)addr);
	mmio_write32(e + 4, (uint32_t)(addr >> 32));
	mmio_write32(e + MSIX_ENTRY_VECTOR_CTRL, ctrl);
	return 0;
}
#endif

int rk_pci_msix_enable(const struct rk_pci_dev *d, unsigned entry, unsigned *irq)
{
	char name[16];
	unsigned cap = rk_pci_find_cap(d, PCI_CAP_ID_MSIX, 0);
	if (!cap) {
		printk("pci: %s has no MSI-X capability\n", rk_pci_name(d, name));
		return -1;
	}
	uint16_t ctrl = rk_pci_read16(d, cap + MSIX_CTRL);
	unsigned entries = (ctrl & MSIX_CTRL_SIZE_MASK) + 1u;
	uint32_t table = rk_pci_read32(d, cap + MSIX_TABLE);
	unsigned bir = table & MSIX_BIR_MASK;
	if (entry >= entries || bir >= PCI_NUM_BARS || !d->bar[bir]) {
		printk("pci: %s: MSI-X entry %u of %u in BAR%u is not reachable\n",
		       rk_pci_name(d, name), entry, entries, bir);
		return -1;
	}
#ifdef CONFIG_IRQ_LAPIC
	uint64_t addr;
	uint32_t data;
	if (x86_msi_alloc(irq, &addr, &data) != 0) {
		printk("pci: %s: no free MSI interrupt numbers\n", rk_pci_name(d, name));
		return -1;
	}
	uintptr_t e = (uintptr_t)(d->bar[bir] + (table & ~MSIX_BIR_MASK) + entry * MSIX_ENTRY_SIZE);
	rk_pci_enable(d); /* the table lives in a memory BAR */
	/* Function-wide mask while the entry changes, then the entry, then
	 * enable: the device never sends a half-written message. */
	rk_pci_write16(d, cap + MSIX_CTRL, ctrl | MSIX_CTRL_MASKALL | MSIX_CTRL_ENABLE);
	mmio_write32(e + 0, (uint32_t)addr);
	mmio_write32(e + 4, (uint32_t)(addr >> 32));
	mmio_write32(e + 8, data);
	mmio_write32(e + MSIX_ENTRY_VECTOR_CTRL,
		     mmio_read32(e + MSIX_ENTRY_VECTOR_CTRL) & ~MSIX_VECTOR_MASKED);
	rk_pci_write16(d, PCI_COMMAND, rk_pci_read16(d, PCI_COMMAND) | PCI_COMMAND_INTX_DISABLE);
	rk_pci_write16(d, cap + MSIX_CTRL, (ctrl | MSIX_CTRL_ENABLE) & ~MSIX_CTRL_MASKALL);
#ifdef CONFIG_SMP
	msix_entries[*irq - X86_NR_GSI] = e;
#endif
	return 0;
#else
	/* Arm needs a GICv2m frame or an ITS, RISC-V an IMSIC (AIA) to turn
	 * the message write into an interrupt; neither is driven here, so
	 * functions use their INTx pin. Said once: it is the same for all. */
	static bool said;
	(void)irq;
	if (!said) {
		said = true;
		printk("pci: MSI-X is not supported on this architecture (no GICv2m/ITS or "
		       "IMSIC driver); functions use INTx\n");
	}
	return -1;
#endif
}
