/* SPDX-License-Identifier: BSD-2-Clause */
/* Finding ACPI tables (the x86 counterpart of a DTB for interrupt
 * controllers): RSDP -> XSDT or RSDT -> table by signature. */
#ifndef ARCH_ACPI_H
#define ARCH_ACPI_H

#include <stdint.h>

struct acpi_sdt_header {
	char signature[4];
	uint32_t length; /* of the whole table, header included */
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

/* The table with signature sig (e.g. "APIC" for the MADT; "DSDT" through
 * the FADT) whose checksum holds, or NULL. rsdp is the RSDP's physical
 * address from the boot protocol; 0 searches the BIOS area
 * 0xe0000-0xfffff for it. */
const struct acpi_sdt_header *x86_acpi_find_table(uintptr_t rsdp, const char sig[4]);

/* A DSDT device with one memory range and one interrupt (acpi_dsdt.c). */
struct x86_acpi_mmio_dev {
	uint64_t base, size; /* its Memory32Fixed */
	unsigned gsi, mode;  /* its first Extended Interrupt, mode X86_IRQ_* */
};

/* Call fn for every device of the DSDT whose _HID is the string hid and
 * whose _CRS is a constant resource template with a Memory32Fixed and an
 * Extended Interrupt (how QEMU microvm lists its virtio-mmio slots,
 * "LNRO0005", with ACPI on). Returns how many. */
unsigned x86_acpi_dsdt_mmio(const struct acpi_sdt_header *dsdt, const char *hid,
			    void (*fn)(const struct x86_acpi_mmio_dev *dev, void *arg), void *arg);

/* SMP (madt.c): the APIC ids of the MADT's enabled processors other than
 * 'self' that an xAPIC can address, in table order, at most max (those
 * left out are named in a message); returns how many. The MADT as
 * x86_acpi_find_table returns it (its length checked). */
unsigned x86_madt_cpus(const struct acpi_sdt_header *madt, unsigned self, unsigned *ids,
		       unsigned max);

#endif
