/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of the DSDT's virtio-mmio slots (arch/x86_64/acpi_dsdt.c),
 * under ASan and UBSan. Each table is allocated at exactly its length, so
 * a read past it is caught. Devices are laid out as QEMU microvm writes
 * them (Device, Name(_HID, "LNRO0005"), Name(_UID), Name(_CRS,
 * ResourceTemplate { Memory32Fixed, Interrupt })); then the damaged ones:
 * a device without _CRS (the next device's must not be taken), a buffer
 * or a resource running past its end, a table cut in the middle, a _HID
 * too long to look for. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <rumpk/x86_irq.h>
#include <arch/acpi.h>
#include "check.h"

#define HEADER 36 /* struct acpi_sdt_header */

struct table {
	uint8_t b[4096];
	uint32_t len;
};

static void add(struct table *t, const void *e, size_t n)
{
	memcpy(t->b + t->len, e, n);
	t->len += (uint32_t)n;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

static void start(struct table *t)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->b, "DSDT", 4);
	t->len = HEADER;
}

/* Name(_HID, "<hid>") and Name(_UID, 0) of a device (the Device opcode and
 * its PkgLength before them do not matter to the scan; one is written). */
static void device(struct table *t, const char *hid)
{
	static const uint8_t dev[] = { 0x5b, 0x82, 0x30, 'V', 'R', '0', '0' };
	static const uint8_t name_hid[] = { 0x08, '_', 'H', 'I', 'D', 0x0d };
	static const uint8_t uid[] = { 0x08, '_', 'U', 'I', 'D', 0x0a, 0x00 };

	add(t, dev, sizeof(dev));
	add(t, name_hid, sizeof(name_hid));
	add(t, hid, strlen(hid) + 1);
	add(t, uid, sizeof(uid));
}

/* Name(_CRS, Buffer { Memory32Fixed(base, size), Interrupt(gsi, flags),
 * EndTag }), with the buffer's PkgLength as 'pkglen' bytes (1 or 2) and
 * its length shortened by 'cut' (a buffer claiming more than it has). */
static void crs(struct table *t, uint32_t base, uint32_t size, uint32_t gsi, uint8_t flags,
		int pkglen, int cut)
{
	static const uint8_t name_crs[] = { 0x08, '_', 'C', 'R', 'S', 0x11 };
	uint8_t res[12 + 9 + 2] = { 0x86, 9, 0, 1 };

	put32(res + 4, base);
	put32(res + 8, size);
	res[12] = 0x89;
	res[13] = 6;
	res[15] = flags;
	res[16] = 1;
	put32(res + 17, gsi);
	res[21] = 0x79;
	size_t body = 2 + sizeof(res); /* BufferSize (ByteConst) and the bytes */
	size_t len = (size_t)pkglen + body - (size_t)cut;
	add(t, name_crs, sizeof(name_crs));
	if (pkglen == 1) {
		uint8_t l = (uint8_t)len;
		add(t, &l, 1);
	} else {
		uint8_t l[2] = { (uint8_t)(0x40 | (len & 0x0f)), (uint8_t)(len >> 4) };
		add(t, l, 2);
	}
	uint8_t size_op[2] = { 0x0a, (uint8_t)sizeof(res) };
	add(t, size_op, 2);
	add(t, res, sizeof(res));
}

struct found {
	unsigned n;
	struct x86_acpi_mmio_dev dev[8];
};

static void note(const struct x86_acpi_mmio_dev *dev, void *arg)
{
	struct found *f = arg;

	if (f->n < 8)
		f->dev[f->n] = *dev;
	f->n++;
}

/* The scan of the table cut to 'len' bytes (its header's length says so),
 * in a buffer of exactly that size. */
static unsigned scan_len(const struct table *t, uint32_t len, const char *hid, struct found *f)
{
	uint8_t *exact = malloc(len);
	memcpy(exact, t->b, len);
	memcpy(exact + 4, &len, 4);
	memset(f, 0, sizeof(*f));
	unsigned n = x86_acpi_dsdt_mmio((const struct acpi_sdt_header *)exact, hid, note, f);
	free(exact);
	CHECK_EQ(n, f->n);
	return n;
}

static unsigned scan(const struct table *t, struct found *f)
{
	return scan_len(t, t->len, "LNRO0005", f);
}

int main(void)
{
	struct table t;
	struct found f;

	/* QEMU's layout: two slots, a device of another kind between. */
	check_context = "two slots";
	start(&t);
	device(&t, "LNRO0005");
	crs(&t, 0xfeb00000, 0x200, 40, 0x01, 1, 0);
	device(&t, "PNP0501");
	crs(&t, 0x3f8, 8, 4, 0x01, 1, 0);
	device(&t, "LNRO0005");
	crs(&t, 0xfeb00200, 0x200, 41, 0x03 | 0x04, 2, 0);
	CHECK_EQ(scan(&t, &f), 2);
	CHECK_EQ(f.dev[0].base, 0xfeb00000);
	CHECK_EQ(f.dev[0].size, 0x200);
	CHECK_EQ(f.dev[0].gsi, 40);
	CHECK_EQ(f.dev[0].mode, X86_IRQ_LEVEL | X86_IRQ_ACTIVE_HIGH);
	CHECK_EQ(f.dev[1].base, 0xfeb00200);
	CHECK_EQ(f.dev[1].gsi, 41);
	CHECK_EQ(f.dev[1].mode, X86_IRQ_EDGE | X86_IRQ_ACTIVE_LOW);
	check_context = "another _HID";
	CHECK_EQ(scan_len(&t, t.len, "PNP0501", &f), 1);
	CHECK_EQ(f.dev[0].base, 0x3f8);

	/* Every cut of the table: never a read past it, never a slot whose
	 * resources were not all there. */
	check_context = "cut";
	uint32_t whole = t.len;
	for (uint32_t len = HEADER; len < whole; len++) {
		unsigned n = scan_len(&t, len, "LNRO0005", &f);
		CHECK(n <= 2);
		for (unsigned i = 0; i < n && i < 8; i++)
			CHECK(f.dev[i].base == 0xfeb00000 || f.dev[i].base == 0xfeb00200);
	}

	/* A slot without _CRS does not take the next device's. */
	check_context = "no _CRS";
	start(&t);
	device(&t, "LNRO0005");
	device(&t, "PNP0501");
	crs(&t, 0x3f8, 8, 4, 0x01, 1, 0);
	CHECK_EQ(scan(&t, &f), 0);

	/* A buffer whose PkgLength runs past the table, and one shorter than
	 * its resources (the Interrupt descriptor then runs past it). */
	check_context = "buffer past the table";
	start(&t);
	device(&t, "LNRO0005");
	crs(&t, 0xfeb00000, 0x200, 40, 0x01, 1, -40);
	CHECK_EQ(scan(&t, &f), 0);
	check_context = "resource past the buffer";
	start(&t);
	device(&t, "LNRO0005");
	crs(&t, 0xfeb00000, 0x200, 40, 0x01, 1, 8);
	CHECK_EQ(scan(&t, &f), 0);

	/* A _HID longer than any the scan looks for. */
	check_context = "long _HID";
	start(&t);
	device(&t, "LNRO0005");
	crs(&t, 0xfeb00000, 0x200, 40, 0x01, 1, 0);
	CHECK_EQ(scan_len(&t, t.len, "ABCDEFGHIJKLMNOPQ", &f), 0);

	check_context = "";
	return check_summary("test_dsdt");
}
