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

/* The table with signature sig (e.g. "APIC" for the MADT) whose checksum
 * holds, or NULL. rsdp is the RSDP's physical address from the boot
 * protocol; 0 searches the BIOS area 0xe0000-0xfffff for it. */
const struct acpi_sdt_header *x86_acpi_find_table(uintptr_t rsdp, const char sig[4]);

/* SMP (madt.c): the APIC ids of the MADT's enabled processors other than
 * 'self' that an xAPIC can address, in table order, at most max (those
 * left out are named in a message); returns how many. The MADT as
 * x86_acpi_find_table returns it (its length checked). */
unsigned x86_madt_cpus(const struct acpi_sdt_header *madt, unsigned self, unsigned *ids,
		       unsigned max);

#endif
