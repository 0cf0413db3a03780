/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of the MADT's CPU list (arch/x86_64/madt.c), under ASan
 * and UBSan. Each table is allocated at exactly its length, so a read past
 * it is caught: QEMU's layout (local APIC entries, an I/O APIC between),
 * the boot CPU left out, disabled entries, x2APIC entries within and
 * beyond xAPIC reach, more CPUs than asked for, and damaged entries (zero
 * length, one running past the end, one too short for its type). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arch/acpi.h>
#include "check.h"
#include "printk_capture.h"

#define HEADER 44

struct table {
	uint8_t *b;
	uint32_t len;
};

static void add(struct table *t, const uint8_t *e, size_t n)
{
	t->b = realloc(t->b, t->len + n);
	memcpy(t->b + t->len, e, n);
	t->len += (uint32_t)n;
}

static void start(struct table *t)
{
	t->b = calloc(1, HEADER);
	t->len = HEADER;
	memcpy(t->b, "APIC", 4);
}

static void lapic(struct table *t, uint8_t id, uint32_t flags)
{
	uint8_t e[8] = { 0, 8, id, id };
	memcpy(e + 4, &flags, 4);
	add(t, e, sizeof(e));
}

static void x2apic(struct table *t, uint32_t id, uint32_t flags)
{
	uint8_t e[16] = { 9, 16 };
	memcpy(e + 4, &id, 4);
	memcpy(e + 8, &flags, 4);
	add(t, e, sizeof(e));
}

/* The boot CPU and CPU 1, then the damaged entry 'bad' of n bytes. */
static void two_then(struct table *t, const uint8_t *bad, size_t n)
{
	start(t);
	lapic(t, 0, 1);
	lapic(t, 1, 1);
	add(t, bad, n);
}

static void ioapic(struct table *t)
{
	static const uint8_t e[12] = { 1, 12, 0, 0, 0, 0, 0xc0, 0xfe };
	add(t, e, sizeof(e));
}

/* The table at its exact length, as x86_acpi_find_table hands it over. */
static unsigned list(struct table *t, unsigned self, unsigned *ids, unsigned max)
{
	uint8_t *exact = malloc(t->len);
	memcpy(exact, t->b, t->len);
	memcpy(exact + 4, &t->len, 4);
	unsigned n = x86_madt_cpus((const struct acpi_sdt_header *)exact, self, ids, max);
	free(exact);
	return n;
}

int main(void)
{
	struct table t;
	unsigned ids[8];

	/* QEMU microvm -smp 4: four enabled local APICs, then the I/O APIC. */
	start(&t);
	for (uint8_t id = 0; id < 4; id++)
		lapic(&t, id, 1);
	ioapic(&t);
	CHECK_EQ(list(&t, 0, ids, 8), 3);
	CHECK_EQ(ids[0], 1);
	CHECK_EQ(ids[2], 3);
	CHECK_EQ(log_buf[0], 0);
	/* The boot CPU need not be the first. */
	CHECK_EQ(list(&t, 2, ids, 8), 3);
	CHECK_EQ(ids[0], 0);
	CHECK_EQ(ids[1], 1);
	CHECK_EQ(ids[2], 3);
	/* More than asked for: the first ones, and the rest named. */
	CHECK_EQ(list(&t, 0, ids, 1), 1);
	CHECK_EQ(ids[0], 1);
	expect_log("smp: APIC 2 and later left waiting (at most 1 more CPUs)");
	free(t.b);

	/* Disabled (hot-pluggable) entries, and x2APIC ids. */
	start(&t);
	lapic(&t, 0, 1);
	lapic(&t, 1, 2); /* online-capable only */
	x2apic(&t, 7, 1);
	x2apic(&t, 300, 1);
	CHECK_EQ(list(&t, 0, ids, 8), 1);
	CHECK_EQ(ids[0], 7);
	expect_log("smp: APIC 1 is not enabled in the MADT, not started");
	CHECK_EQ(list(&t, 0, ids, 8), 1);
	expect_log("smp: APIC 300 needs x2APIC, not started");
	free(t.b);

	/* A zero length ends the walk (it would never advance). */
	two_then(&t, (const uint8_t[]){ 0, 0, 0, 0 }, 4);
	lapic(&t, 2, 1);
	CHECK_EQ(list(&t, 0, ids, 8), 1);
	expect_log("bad length 0");
	free(t.b);

	/* An entry running past the end ends it too, unread. */
	two_then(&t, (const uint8_t[]){ 0, 8, 5, 5 }, 4); /* 4 of its 8 bytes */
	CHECK_EQ(list(&t, 0, ids, 8), 1);
	expect_log("bad length 8");
	/* A single byte left over is no entry at all. */
	t.len -= 3;
	CHECK_EQ(list(&t, 0, ids, 8), 1);
	CHECK_EQ(log_buf[0], 0);
	free(t.b);

	/* Too short for its type: skipped, the walk goes on. */
	start(&t);
	add(&t, (const uint8_t[]){ 0, 4, 9, 9 }, 4);
	add(&t, (const uint8_t[]){ 9, 8, 0, 0, 9, 0, 0, 0 }, 8);
	lapic(&t, 3, 1);
	CHECK_EQ(list(&t, 0, ids, 8), 1);
	CHECK_EQ(ids[0], 3);
	free(t.b);

	/* No entries at all, and a table shorter than the MADT's header. */
	start(&t);
	CHECK_EQ(list(&t, 0, ids, 8), 0);
	t.len = 36;
	CHECK_EQ(list(&t, 0, ids, 8), 0);
	free(t.b);
	CHECK_EQ(log_buf[0], 0);
	return check_summary("test_madt");
}
