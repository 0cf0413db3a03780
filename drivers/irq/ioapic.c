/* SPDX-License-Identifier: BSD-2-Clause */
/* I/O APIC: routes device interrupt lines (GSIs) to the boot CPU's local
 * APIC as vector X86_VEC_GSI_BASE + GSI, in fixed delivery, physical
 * destination mode; with SMP, rk_irq_set_cpu moves a GSI to another CPU's
 * local APIC (its redirection entry's destination), or an MSI (its MSI-X
 * entry's address). Any number of I/O APICs (QEMU microvm has a second
 * one for GSIs 24-47 when ACPI is on), found in the ACPI MADT or added by
 * the platform at the address it knows. Interrupt numbers are GSIs; see
 * include/rumpk/x86_irq.h. */
#include <string.h>
#include <rumpk/drv/irqchip.h>
#include <rumpk/mmio.h>
#include <rumpk/pci.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/x86_irq.h>

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_REG_REDIR(pin) (0x10 + 2 * (pin))

#define REDIR_ACTIVE_LOW (1u << 13)
#define REDIR_LEVEL (1u << 15)
#define REDIR_MASKED (1u << 16)

#define MAX_IOAPICS 8
#define ISA_IRQS 16
#define MODE_SET 0x80 /* x86_irq_set_mode or the MADT said so */

struct ioapic {
	uintptr_t base;
	unsigned gsi_base, pins;
};

static struct ioapic ioapics[MAX_IOAPICS];
static unsigned nr_ioapics;
static uint8_t gsi_mode[X86_NR_GSI];       /* MODE_SET | X86_IRQ_* */
static uint8_t isa_override[ISA_IRQS];     /* GSI + 1, or 0: identity */
#ifdef CONFIG_SMP
static uint8_t gsi_cpu[X86_NR_GSI];        /* CPU + 1 a GSI was routed to, 0: not routed */
#endif

static uint32_t reg_read(const struct ioapic *io, unsigned reg)
{
	mmio_write32(io->base + IOAPIC_REGSEL, reg);
	return mmio_read32(io->base + IOAPIC_WINDOW);
}

static void reg_write(const struct ioapic *io, unsigned reg, uint32_t v)
{
	mmio_write32(io->base + IOAPIC_REGSEL, reg);
	mmio_write32(io->base + IOAPIC_WINDOW, v);
}

static const struct ioapic *ioapic_of(unsigned gsi, unsigned *pin)
{
	for (unsigned i = 0; i < nr_ioapics; i++) {
		const struct ioapic *io = &ioapics[i];
		if (gsi >= io->gsi_base && gsi - io->gsi_base < io->pins) {
			*pin = gsi - io->gsi_base;
			return io;
		}
	}
	return 0;
}

int ioapic_add(uintptr_t base, unsigned gsi_base)
{
	if (nr_ioapics == MAX_IOAPICS)
		return -1;
	struct ioapic *io = &ioapics[nr_ioapics];
	io->base = base;
	io->gsi_base = gsi_base;
	uint32_t version = reg_read(io, IOAPIC_REG_VERSION);
	/* Nothing there reads as all zeros or all ones. */
	if (version == 0 || version == 0xffffffff)
		return -1;
	io->pins = (version >> 16 & 0xff) + 1;
	for (unsigned pin = 0; pin < io->pins; pin++)
		reg_write(io, IOAPIC_REG_REDIR(pin), REDIR_MASKED);
	nr_ioapics++;
	printk("ioapic: 0x%lx, GSI %u-%u\n", (unsigned long)base, gsi_base, gsi_base + io->pins - 1);
	return 0;
}

void x86_irq_set_mode(unsigned gsi, unsigned mode)
{
	if (gsi < X86_NR_GSI)
		gsi_mode[gsi] = (uint8_t)(MODE_SET | mode);
}

static unsigned mode_of(unsigned gsi)
{
	if (gsi_mode[gsi] & MODE_SET)
		return gsi_mode[gsi] & ~MODE_SET;
	/* ISA lines are edge-triggered; the rest (PCI INTx, virtio-mmio) are
	 * level lines, active high as QEMU models them. */
	return gsi < ISA_IRQS ? X86_IRQ_EDGE | X86_IRQ_ACTIVE_HIGH
			      : X86_IRQ_LEVEL | X86_IRQ_ACTIVE_HIGH;
}

unsigned x86_isa_irq_to_gsi(unsigned isa_irq)
{
	return isa_irq < ISA_IRQS && isa_override[isa_irq] ? isa_override[isa_irq] - 1u : isa_irq;
}

/* --- ACPI MADT ------------------------------------------------------------- */

struct madt_entry {
	uint8_t type, length;
} __attribute__((packed));

struct madt_ioapic {
	struct madt_entry h; /* type 1 */
	uint8_t id, reserved;
	uint32_t address;
	uint32_t gsi_base;
} __attribute__((packed));

struct madt_override {
	struct madt_entry h; /* type 2 */
	uint8_t bus;         /* 0: ISA */
	uint8_t source;      /* ISA IRQ */
	uint32_t gsi;
	uint16_t flags;      /* MPS INTI flags */
} __attribute__((packed));

#define MADT_HEADER 44 /* ACPI table header, local APIC address, flags */
#define MADT_IOAPIC 1
#define MADT_OVERRIDE 2
#define INTI_POLARITY_LOW 3
#define INTI_TRIGGER_LEVEL (3 << 2)

int ioapic_add_from_madt(const void *madt)
{
	const uint8_t *t = madt;
	uint32_t len;
	int added = 0;

	memcpy(&len, t + 4, sizeof(len)); /* the table header's length */
	for (uint32_t off = MADT_HEADER; off + sizeof(struct madt_entry) <= len;) {
		const struct madt_entry *e = (const struct madt_entry *)(t + off);
		if (e->length < sizeof(*e) || off + e->length > len)
			break;
		if (e->type == MADT_IOAPIC && e->length >= sizeof(struct madt_ioapic)) {
			const struct madt_ioapic *io = (const void *)e;
			if (ioapic_add(io->address, io->gsi_base) == 0)
				added++;
		} else if (e->type == MADT_OVERRIDE && e->length >= sizeof(struct madt_override)) {
			const struct madt_override *o = (const void *)e;
			if (o->bus == 0 && o->source < ISA_IRQS && o->gsi < X86_NR_GSI) {
				isa_override[o->source] = (uint8_t)(o->gsi + 1);
				/* "Conforms to the bus" (0) means ISA: edge, high. */
				x86_irq_set_mode(o->gsi,
					((o->flags & INTI_TRIGGER_LEVEL) == INTI_TRIGGER_LEVEL ? X86_IRQ_LEVEL : X86_IRQ_EDGE) |
					((o->flags & INTI_POLARITY_LOW) == INTI_POLARITY_LOW ? X86_IRQ_ACTIVE_LOW : X86_IRQ_ACTIVE_HIGH));
			}
		}
		off += e->length;
	}
	return added;
}

/* --- irqchip ----------------------------------------------------------------- */

/* The APIC id a GSI's redirection entry names: the CPU rk_irq_set_cpu
 * routed it to, else this one (the boot CPU, which enables them). */
static uint32_t gsi_dest(unsigned gsi)
{
#ifdef CONFIG_SMP
	if (gsi_cpu[gsi])
		return (uint32_t)arch_cpu_hwid(gsi_cpu[gsi] - 1u);
#else
	(void)gsi;
#endif
	return lapic_id();
}

static void ioapic_enable(unsigned gsi)
{
	unsigned pin;

	if (gsi >= X86_NR_GSI && gsi < X86_NR_IRQ_VECTORS)
		return; /* an MSI: no pin; the device masks it */
	const struct ioapic *io = gsi < X86_NR_GSI ? ioapic_of(gsi, &pin) : 0;

	if (!io) {
		printk("ioapic: no I/O APIC input for GSI %u\n", gsi);
		return;
	}
	unsigned mode = mode_of(gsi);
	uint32_t lo = X86_VEC_GSI_BASE + gsi; /* fixed delivery, physical destination */
	if (mode & X86_IRQ_LEVEL)
		lo |= REDIR_LEVEL;
	if (mode & X86_IRQ_ACTIVE_LOW)
		lo |= REDIR_ACTIVE_LOW;
	/* Destination first, so the entry is never live with a stale one. */
	reg_write(io, IOAPIC_REG_REDIR(pin) + 1, gsi_dest(gsi) << 24);
	reg_write(io, IOAPIC_REG_REDIR(pin), lo);
}

static void ioapic_disable(unsigned gsi)
{
	unsigned pin;
	const struct ioapic *io = gsi < X86_NR_GSI ? ioapic_of(gsi, &pin) : 0;

	if (io)
		reg_write(io, IOAPIC_REG_REDIR(pin),
			  reg_read(io, IOAPIC_REG_REDIR(pin)) | REDIR_MASKED);
}

/* The vector names the GSI (or MSI), so there is nothing to claim: run its
 * handler, then EOI, which for a level-triggered line also lets the I/O
 * APIC send it again if the device still asserts it. */
static void ioapic_dispatch(void)
{
	rk_irq_handle(x86_irq_vector - X86_VEC_GSI_BASE);
	lapic_eoi();
}

#ifdef CONFIG_SMP
/* The entry's destination is the target's APIC id, one 32-bit write, so
 * the entry is never half moved. An interrupt the boot CPU's local APIC
 * accepted before the write is still handled there, once: the rule
 * (rk_irq_set_cpu) moves an interrupt before the new CPU touches the
 * device. MSIs carry their destination in the device's message, so they
 * are
 * routed by rewriting the function's MSI-X entry (drivers/pci). */
static int ioapic_route(unsigned gsi, unsigned cpu)
{
	unsigned pin;

	if (gsi >= X86_NR_GSI && gsi < X86_NR_IRQ_VECTORS) {
#ifdef CONFIG_PCI
		return rk_pci_msix_retarget(gsi, x86_msi_addr((unsigned)arch_cpu_hwid(cpu)));
#else
		return -1;
#endif
	}
	const struct ioapic *io = gsi < X86_NR_GSI ? ioapic_of(gsi, &pin) : 0;

	if (!io)
		return -1;
	gsi_cpu[gsi] = (uint8_t)(cpu + 1);
	reg_write(io, IOAPIC_REG_REDIR(pin) + 1, gsi_dest(gsi) << 24);
	return 0;
}
#endif

static const struct rk_irqchip ioapic_chip = {
	.name = "ioapic",
	.enable = ioapic_enable,
	.disable = ioapic_disable,
	.dispatch = ioapic_dispatch,
#ifdef CONFIG_SMP
	.route = ioapic_route,
#endif
};

void ioapic_register(void)
{
	rk_irqchip_register(&ioapic_chip);
}
