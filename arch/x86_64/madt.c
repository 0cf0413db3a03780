/* SPDX-License-Identifier: BSD-2-Clause */
/* The CPUs an ACPI MADT lists (ACPI 6.x, 5.2.12): its processor local APIC
 * and local x2APIC entries. Portable: a host unit test feeds it damaged
 * tables (test/unit/test_madt.c). The table's length and checksum were
 * checked when it was found (acpi.c); every entry is judged here before
 * it is read: an entry shorter than 2 bytes or running past the end ends
 * the walk, one too short for its type is skipped. */
#include <string.h>
#include <rumpk/printk.h>
#include <arch/acpi.h>

#define MADT_HEADER 44 /* the SDT header, local APIC address, flags */
#define MADT_LAPIC 0
#define MADT_X2APIC 9
#define MADT_ENABLED 1u
/* Physical destination ids an xAPIC can address (0xff is broadcast). */
#define XAPIC_MAX_ID 0xfe

unsigned x86_madt_cpus(const struct acpi_sdt_header *madt, unsigned self, unsigned *ids,
		       unsigned max)
{
	const uint8_t *t = (const uint8_t *)madt;
	unsigned n = 0;

	for (uint32_t off = MADT_HEADER; off + 2 <= madt->length;) {
		const uint8_t *e = t + off;
		uint32_t id, flags;

		if (e[1] < 2 || e[1] > madt->length - off) {
			printk("smp: MADT entry at offset %u has a bad length %u: stopped there\n",
			       off, e[1]);
			break;
		}
		off += e[1];
		if (e[0] == MADT_LAPIC && e[1] >= 8) {
			id = e[3];
			memcpy(&flags, e + 4, 4);
		} else if (e[0] == MADT_X2APIC && e[1] >= 16) {
			memcpy(&id, e + 4, 4);
			memcpy(&flags, e + 8, 4);
		} else {
			continue;
		}
		if (id == self)
			continue;
		if (!(flags & MADT_ENABLED)) {
			printk("smp: APIC %u is not enabled in the MADT, not started\n", id);
		} else if (id > XAPIC_MAX_ID) {
			printk("smp: APIC %u needs x2APIC, not started\n", id);
		} else if (n == max) {
			printk("smp: APIC %u and later left waiting (at most %u more CPUs)\n", id,
			       max);
			break;
		} else {
			ids[n++] = id;
		}
	}
	return n;
}
