/* SPDX-License-Identifier: BSD-2-Clause */
/* ACPI table lookup. Only reads firmware memory below 4 GiB (identity
 * mapped), and only during boot. */
#include <string.h>
#include <arch/acpi.h>
#include "internal.h"

struct acpi_rsdp {
	char signature[8]; /* "RSD PTR " */
	uint8_t checksum;  /* of the first 20 bytes */
	char oem_id[6];
	uint8_t revision;  /* 0: ACPI 1.0, RSDT only; 2: XSDT too */
	uint32_t rsdt;
	/* revision >= 2 */
	uint32_t length;
	uint64_t xsdt;
	uint8_t extended_checksum;
	uint8_t reserved[3];
} __attribute__((packed));

#define BIOS_AREA_START 0xe0000
#define BIOS_AREA_END 0x100000

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

static bool mapped(uint64_t addr, uint64_t len)
{
	return addr && addr < X86_MAPPED_BYTES && len <= X86_MAPPED_BYTES - addr;
}

static const struct acpi_rsdp *valid_rsdp(uintptr_t a)
{
	const struct acpi_rsdp *r = (const struct acpi_rsdp *)a;

	if (memcmp(r->signature, "RSD PTR ", 8) != 0 || !checksum_ok(r, 20))
		return 0;
	if (r->revision >= 2 && !checksum_ok(r, sizeof(*r)))
		return 0;
	return r;
}

static const struct acpi_rsdp *find_rsdp(uintptr_t hint)
{
	if (hint)
		return mapped(hint, sizeof(struct acpi_rsdp)) ? valid_rsdp(hint) : 0;
	for (uintptr_t a = BIOS_AREA_START; a < BIOS_AREA_END; a += 16) {
		const struct acpi_rsdp *r = valid_rsdp(a);
		if (r)
			return r;
	}
	return 0;
}

static const struct acpi_sdt_header *valid_table(uint64_t addr)
{
	const struct acpi_sdt_header *h = (const struct acpi_sdt_header *)(uintptr_t)addr;

	if (!mapped(addr, sizeof(*h)) || !mapped(addr, h->length) || h->length < sizeof(*h) ||
	    !checksum_ok(h, h->length))
		return 0;
	return h;
}

/* The FADT's pointers to the DSDT, which no root table lists. */
#define FADT_DSDT 40   /* 32-bit */
#define FADT_X_DSDT 140 /* 64-bit, ACPI 2.0 on; used when set */

static const struct acpi_sdt_header *find_dsdt(uintptr_t rsdp_addr)
{
	const struct acpi_sdt_header *fadt = x86_acpi_find_table(rsdp_addr, "FACP");
	uint64_t addr = 0;

	if (!fadt || fadt->length < FADT_DSDT + 4)
		return 0;
	if (fadt->length >= FADT_X_DSDT + 8)
		memcpy(&addr, (const uint8_t *)fadt + FADT_X_DSDT, 8);
	if (!addr)
		memcpy(&addr, (const uint8_t *)fadt + FADT_DSDT, 4);
	const struct acpi_sdt_header *t = valid_table(addr);
	return t && memcmp(t->signature, "DSDT", 4) == 0 ? t : 0;
}

const struct acpi_sdt_header *x86_acpi_find_table(uintptr_t rsdp_addr, const char sig[4])
{
	if (memcmp(sig, "DSDT", 4) == 0)
		return find_dsdt(rsdp_addr);
	const struct acpi_rsdp *rsdp = find_rsdp(rsdp_addr);
	if (!rsdp)
		return 0;
	/* The XSDT holds 64-bit pointers, the RSDT 32-bit ones. */
	bool x = rsdp->revision >= 2 && rsdp->xsdt;
	const struct acpi_sdt_header *root = valid_table(x ? rsdp->xsdt : rsdp->rsdt);
	if (!root)
		return 0;
	size_t width = x ? 8 : 4;
	size_t n = (root->length - sizeof(*root)) / width;
	const uint8_t *entries = (const uint8_t *)(root + 1);
	for (size_t i = 0; i < n; i++) {
		uint64_t addr = 0;
		memcpy(&addr, entries + i * width, width); /* unaligned, little-endian */
		const struct acpi_sdt_header *t = valid_table(addr);
		if (t && memcmp(t->signature, sig, 4) == 0)
			return t;
	}
	return 0;
}
