/* SPDX-License-Identifier: BSD-2-Clause */
/* Devices of the ACPI DSDT that need no AML interpreter: a Device with
 * Name(_HID, "<string>") and a constant Name(_CRS, ResourceTemplate),
 * which is how QEMU microvm describes its virtio-mmio slots with ACPI on
 * (it names them on the kernel command line only with acpi=off). The AML
 * is not interpreted: the byte pattern of the _HID name is looked for, then
 * the next _CRS buffer before another _HID, and that buffer's resource
 * descriptors are read (ACPI 6.4, 20.2 and 6.4), every length checked
 * against the table. */
#include <string.h>
#include <rumpk/x86_irq.h>
#include <arch/acpi.h>

#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_STRING_PREFIX 0x0d
#define AML_BUFFER_OP 0x11

#define RES_LARGE 0x80
#define RES_MEMORY32_FIXED 0x86
#define RES_EXT_IRQ 0x89
#define RES_SMALL_END_TAG 0x0f        /* small item type */
#define RES_IRQ_EDGE (1u << 1)       /* Extended Interrupt flags */
#define RES_IRQ_ACTIVE_LOW (1u << 2)

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Where n bytes of needle first occur in [p, end), or NULL. */
static const uint8_t *find(const uint8_t *p, const uint8_t *end, const void *needle, size_t n)
{
	for (; p && (size_t)(end - p) >= n; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return 0;
}

/* The resource bytes of the Buffer at p (BufferOp PkgLength BufferSize
 * bytes), [*start, *stop), or false when it does not fit before end or its
 * size is not a constant. */
static bool buffer_bytes(const uint8_t *p, const uint8_t *end, const uint8_t **start,
			 const uint8_t **stop)
{
	static const uint8_t size_len[] = { [AML_BYTE_PREFIX] = 1, [AML_WORD_PREFIX] = 2,
					    [AML_DWORD_PREFIX] = 4 };
	if (end - p < 2 || p[0] != AML_BUFFER_OP)
		return false;
	const uint8_t *pkg = p + 1;
	unsigned follow = pkg[0] >> 6;
	size_t len = follow ? pkg[0] & 0x0f : pkg[0] & 0x3f;
	if ((size_t)(end - pkg) < 1 + follow)
		return false;
	for (unsigned i = 0; i < follow; i++)
		len |= (size_t)pkg[1 + i] << (4 + 8 * i);
	if (len > (size_t)(end - pkg))
		return false;
	const uint8_t *q = pkg + 1 + follow, *e = pkg + len;
	if (q >= e || *q >= sizeof(size_len) || !size_len[*q] || e - q < 1 + size_len[*q])
		return false;
	*start = q + 1 + size_len[*q];
	*stop = e;
	return true;
}

/* Read a resource template: its first Memory32Fixed and Extended
 * Interrupt. */
static bool resources(const uint8_t *q, const uint8_t *e, struct x86_acpi_mmio_dev *d)
{
	bool mem = false, irq = false;

	while (q < e) {
		if (!(*q & RES_LARGE)) {
			if ((*q >> 3 & 0x0f) == RES_SMALL_END_TAG)
				break;
			q += 1 + (*q & 7);
			continue;
		}
		if (e - q < 3)
			break;
		size_t len = (size_t)q[1] | (size_t)q[2] << 8;
		if ((size_t)(e - q) - 3 < len)
			break;
		if (*q == RES_MEMORY32_FIXED && len >= 9 && !mem) {
			d->base = le32(q + 4);
			d->size = le32(q + 8);
			mem = true;
		} else if (*q == RES_EXT_IRQ && len >= 6 && q[4] >= 1 && !irq) {
			d->gsi = le32(q + 5);
			d->mode = (q[3] & RES_IRQ_EDGE ? X86_IRQ_EDGE : X86_IRQ_LEVEL) |
				  (q[3] & RES_IRQ_ACTIVE_LOW ? X86_IRQ_ACTIVE_LOW : X86_IRQ_ACTIVE_HIGH);
			irq = true;
		}
		q += 3 + len;
	}
	return mem && irq;
}

unsigned x86_acpi_dsdt_mmio(const struct acpi_sdt_header *dsdt, const char *hid,
			    void (*fn)(const struct x86_acpi_mmio_dev *dev, void *arg), void *arg)
{
	static const uint8_t hid_name[] = { AML_NAME_OP, '_', 'H', 'I', 'D' };
	static const uint8_t crs_name[] = { AML_NAME_OP, '_', 'C', 'R', 'S' };
	uint8_t want[sizeof(hid_name) + 1 + 16];
	size_t n = strlen(hid) + 1;
	const uint8_t *p = (const uint8_t *)(dsdt + 1), *end = (const uint8_t *)dsdt + dsdt->length;
	unsigned found = 0;

	if (n > 16)
		return 0;
	memcpy(want, hid_name, sizeof(hid_name));
	want[sizeof(hid_name)] = AML_STRING_PREFIX;
	memcpy(want + sizeof(hid_name) + 1, hid, n); /* with its NUL */
	while ((p = find(p, end, want, sizeof(hid_name) + 1 + n))) {
		p += sizeof(hid_name) + 1 + n;
		/* This device's _CRS: before the next device's _HID. */
		const uint8_t *next = find(p, end, hid_name, sizeof(hid_name));
		const uint8_t *crs = find(p, next ? next : end, crs_name, sizeof(crs_name));
		const uint8_t *start, *stop;
		struct x86_acpi_mmio_dev d;
		if (crs && buffer_bytes(crs + sizeof(crs_name), end, &start, &stop) &&
		    resources(start, stop, &d)) {
			fn(&d, arg);
			found++;
		}
	}
	return found;
}
