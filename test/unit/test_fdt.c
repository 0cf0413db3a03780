/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of drivers/fdt with libfdt: the helpers on a DTB written
 * for the test (test/unit/fdt_test.dts) and on the DTBs QEMU gives its
 * riscv64 and aarch64 virt machines; corrupted DTBs must be refused with a
 * reason, and no mutation of a DTB may crash the helpers (ASan watches). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libfdt_env.h"
#include <libfdt.h>
#include <rumpk/fdt.h>
#include "fdt_internal.h" /* rk_fdt_parent and the index, compared with libfdt */
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include "check.h"

/* --- What drivers/fdt needs from the kernel: printk and kernel/mem ---------- */

#include "printk_capture.h"

struct range {
	uint64_t base, size;
	const char *name;
};
static struct range ram[16], rsv[16];
static int nram, nrsv;

void rk_mem_add_ram(uintptr_t base, uint64_t size)
{
	if (nram < 16)
		ram[nram++] = (struct range){ base, size, "RAM" };
}

void rk_mem_reserve(uintptr_t base, uint64_t size, const char *why)
{
	if (nrsv < 16)
		rsv[nrsv++] = (struct range){ base, size, why };
}

static void reset(void)
{
	nram = nrsv = 0;
	log_buf[0] = 0;
}

/* A DTB file in an 8-byte aligned buffer with room to spare. */
static void *load(const char *name, size_t *size)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", FDT_TEST_DIR, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	void *buf = aligned_alloc(8, ((size_t)n + 64 + 7) & ~(size_t)7);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(2);
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static void collect(uint64_t base, uint64_t size, const char *name, void *arg)
{
	struct range *r = arg;
	while (r->name)
		r++;
	*r = (struct range){ base, size, name };
}

static void count_calls(uint64_t base, uint64_t size, const char *name, void *arg)
{
	++*(int *)arg;
	CHECK(name != NULL);
}

static bool has(const struct range *r, int n, uint64_t base, uint64_t size, const char *name)
{
	for (int i = 0; i < n; i++)
		if (r[i].base == base && r[i].size == size && (!name || !strcmp(r[i].name, name)))
			return true;
	return false;
}

static int count_compatible(const void *dtb, const char *compat)
{
	int n = 0;
	for (int node = rk_fdt_compatible(dtb, -1, compat); node >= 0;
	     node = rk_fdt_compatible(dtb, node, compat))
		n++;
	return n;
}

/* --- The node index against libfdt ----------------------------------------------- */

/* The same rk_fdt_* answer from the index (dtb, accepted by rk_fdt_check)
 * and from libfdt: directly, or through the helpers on a copy of the blob,
 * which is not the indexed DTB and so takes the libfdt path. */
static void check_reg_irq(const void *dtb, const void *copy, int node)
{
	for (int i = 0; i < 4; i++) {
		uint64_t b1 = 1, s1 = 1, b2 = 1, s2 = 1;
		struct rk_fdt_irq q1, q2;
		memset(&q1, 0, sizeof(q1));
		memset(&q2, 0, sizeof(q2));
		CHECK_EQ(rk_fdt_reg(dtb, node, i, &b1, &s1), rk_fdt_reg(copy, node, i, &b2, &s2));
		CHECK(b1 == b2 && s1 == s2);
		CHECK_EQ(rk_fdt_irq(dtb, node, i, &q1), rk_fdt_irq(copy, node, i, &q2));
		CHECK(!memcmp(&q1, &q2, sizeof(q1)));
	}
}

/* Every node found with compat, from the start, as libfdt finds them. */
static void check_compatible_chain(const void *dtb, const void *copy, const char *compat)
{
	int a = -1, e = -1;

	do {
		int next = rk_fdt_compatible(dtb, a, compat);
		CHECK_EQ(next, fdt_node_offset_by_compatible(dtb, a, compat));
		a = next;
	} while (a >= 0);
	do {
		int next = rk_fdt_compatible_enabled(dtb, e, compat);
		CHECK_EQ(next, rk_fdt_compatible_enabled(copy, e, compat));
		e = next;
	} while (e >= 0);
}

/* The properties the index keeps, as fdt_getprop finds them (the same
 * value pointer and length), and what is derived from them. */
static void check_props(const void *dtb, int node)
{
	static const char *const names[] = {
		"compatible", "status", "device_type", "phandle", "linux,phandle",
		"#address-cells", "#size-cells", "#interrupt-cells", "interrupt-parent",
		"interrupts", "interrupts-extended", "reg", "ranges",
		"model", "clock-frequency", "", /* not kept: libfdt answers */
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int l1 = 12345, l2 = 54321;
		const void *p1 = rk_fdt_prop(dtb, node, names[i], &l1);
		const void *p2 = fdt_getprop(dtb, node, names[i], &l2);
		CHECK(p1 == p2);
		CHECK_EQ(l1, l2);
		CHECK(rk_fdt_prop(dtb, node, names[i], NULL) == p2);
	}
	/* The children, in order, as libfdt's subnode iteration. */
	int child, rk_child = -1;
	fdt_for_each_subnode(child, dtb, node) {
		rk_child = rk_fdt_next_child(dtb, node, rk_child);
		CHECK_EQ(rk_child, child);
	}
	CHECK_EQ(rk_fdt_next_child(dtb, node, rk_child), child);
	CHECK_EQ(rk_fdt_address_cells(dtb, node), fdt_address_cells(dtb, node));
	CHECK_EQ(rk_fdt_size_cells(dtb, node), fdt_size_cells(dtb, node));
}

/* A node's view (rk_fdt_view_next) against libfdt: offset, depth
 * (libfdt's counts the root as 1), phandle, parent, and every cached
 * property as fdt_getprop gives it. */
static void check_view(const void *dtb, const struct rk_fdt_view *v, int node, int depth)
{
	CHECK_EQ(v->node, node);
	CHECK_EQ(v->depth, depth - 1);
	CHECK_EQ(v->phandle, fdt_get_phandle(dtb, node));
	/* The index knows the parent; libfdt's view (its own buf) does not. */
	CHECK_EQ(v->parent, depth > 1 && v->prop != v->buf ? fdt_parent_offset(dtb, node) : -1);
	for (int id = 0; id < RK_FDT_NPROPS; id++) {
		int l1 = 12345, l2 = 54321;
		const void *p1 = rk_fdt_view_prop(dtb, v, id, &l1);
		const void *p2 = fdt_getprop(dtb, node, rk_fdt_prop_names[id], &l2);
		CHECK(p1 == p2);
		CHECK_EQ(l1, l2);
	}
}

/* "/<name>" for every child of the root, by full name and without its
 * unit address, and names that are not there, as fdt_path_offset; and
 * every node's full path, with a doubled and a trailing '/', and with
 * its last unit address left out. */
static void check_root_paths(const void *dtb)
{
	int child;
	char path[256];

	for (int n = fdt_next_node(dtb, -1, NULL); n >= 0; n = fdt_next_node(dtb, n, NULL)) {
		char twisted[300];
		if (fdt_get_path(dtb, n, path, sizeof(path)))
			continue;
		CHECK_EQ(rk_fdt_path(dtb, path), fdt_path_offset(dtb, path));
		snprintf(twisted, sizeof(twisted), "/%s/", path);
		CHECK_EQ(rk_fdt_path(dtb, twisted), fdt_path_offset(dtb, twisted));
		char *at = strrchr(path, '@');
		if (at && !strchr(at, '/')) {
			*at = 0;
			CHECK_EQ(rk_fdt_path(dtb, path), fdt_path_offset(dtb, path));
		}
		CHECK_EQ(rk_fdt_path_namelen(dtb, path, (int)strlen(path) / 2),
			 fdt_path_offset_namelen(dtb, path, (int)strlen(path) / 2));
	}
	fdt_for_each_subnode(child, dtb, 0) {
		const char *name = fdt_get_name(dtb, child, NULL);
		snprintf(path, sizeof(path), "/%s", name);
		CHECK_EQ(rk_fdt_path(dtb, path), fdt_path_offset(dtb, path));
		char *at = strchr(path, '@');
		if (at) {
			*at = 0;
			CHECK_EQ(rk_fdt_path(dtb, path), fdt_path_offset(dtb, path));
			*at = '@';
			at[1] = 0; /* "name@": no node has an empty unit address */
			CHECK_EQ(rk_fdt_path(dtb, path), fdt_path_offset(dtb, path));
		}
		snprintf(path, sizeof(path), "/%.3s", name); /* a prefix only */
		CHECK_EQ(rk_fdt_path(dtb, path), fdt_path_offset(dtb, path));
	}
	static const char *const other[] = { "/", "/no-such-node", "/cpus/cpu@0", "cpus", "//cpus",
					     "/cpus/no-such-cpu", "/cpus/cpu@0/x", "///" };
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		CHECK_EQ(rk_fdt_path(dtb, other[i]), fdt_path_offset(dtb, other[i]));
}

static void compare_index(const void *dtb, size_t size, bool full)
{
	void *copy = aligned_alloc(8, (size + 7) & ~(size_t)7);
	memcpy(copy, dtb, size);
	int node = -1, depth = 0, nodes = 0, parent;

	if (full) /* a tree this small must have been indexed */
		CHECK(rk_fdt_index_parent(dtb, 0, &parent));
	CHECK(!rk_fdt_index_parent(copy, 0, &parent));

	/* The node views, from the index (dtb) and from libfdt (copy). */
	struct rk_fdt_view v, vc;
	v.node = vc.node = -1;
	while ((node = fdt_next_node(dtb, node, &depth)) >= 0) {
		nodes++;
		CHECK_EQ(rk_fdt_view_next(dtb, &v), 0);
		CHECK_EQ(rk_fdt_view_next(copy, &vc), 0);
		check_view(dtb, &v, node, depth);
		check_view(copy, &vc, node, depth);
		check_props(dtb, node);
		CHECK_EQ(rk_fdt_parent(dtb, node), fdt_parent_offset(dtb, node));
		CHECK(rk_fdt_name(dtb, node) == fdt_get_name(dtb, node, NULL));
		CHECK(!strcmp(rk_fdt_name(copy, node), rk_fdt_name(dtb, node)));
		CHECK_EQ(rk_fdt_is_enabled(dtb, node), rk_fdt_is_enabled(copy, node));
		CHECK_EQ(rk_fdt_next_memory(dtb, node),
			 fdt_node_offset_by_prop_value(dtb, node, "device_type", "memory", 7));
		uint32_t ph = fdt_get_phandle(dtb, node);
		if (ph)
			CHECK_EQ(rk_fdt_by_phandle(dtb, ph), fdt_node_offset_by_phandle(dtb, ph));
		/* Offsets that are not nodes get libfdt's own error. */
		CHECK_EQ(rk_fdt_parent(dtb, node + 4), fdt_parent_offset(dtb, node + 4));
		CHECK_EQ(rk_fdt_compatible(dtb, node + 1, "riscv"),
			 fdt_node_offset_by_compatible(dtb, node + 1, "riscv"));

		/* Every string of the node's compatible list: the search from
		 * here, and (full) the whole chain from the start. */
		int len;
		const char *list = fdt_getprop(dtb, node, "compatible", &len);
		for (const char *c = list, *end = list + (list ? len : 0); c && c < end;
		     c += strnlen(c, end - c) + 1) {
			if (!memchr(c, 0, end - c))
				break; /* damaged: not a string */
			CHECK_EQ(rk_fdt_compatible(dtb, node, c), fdt_node_offset_by_compatible(dtb, node, c));
			CHECK_EQ(rk_fdt_compatible_enabled(dtb, node, c),
				 rk_fdt_compatible_enabled(copy, node, c));
			if (full)
				check_compatible_chain(dtb, copy, c);
		}
		check_reg_irq(dtb, copy, node);
	}
	CHECK_EQ(node, -FDT_ERR_NOTFOUND);
	CHECK_EQ(rk_fdt_view_next(dtb, &v), -FDT_ERR_NOTFOUND);
	CHECK_EQ(rk_fdt_view_next(copy, &vc), -FDT_ERR_NOTFOUND);
	check_root_paths(dtb);
	CHECK_EQ(rk_fdt_next_memory(dtb, -1),
		 fdt_node_offset_by_prop_value(dtb, -1, "device_type", "memory", 7));
	check_compatible_chain(dtb, copy, "no,such-device");
	check_compatible_chain(dtb, copy, "");
	for (uint32_t ph = 0; ph < (uint32_t)nodes + 3; ph++)
		CHECK_EQ(rk_fdt_by_phandle(dtb, ph), fdt_node_offset_by_phandle(dtb, ph));
	CHECK_EQ(rk_fdt_by_phandle(dtb, ~0u), fdt_node_offset_by_phandle(dtb, ~0u));
	free(copy);
}

/* A tree with more nodes than the index holds: not indexed, and every
 * answer still right (libfdt gives them all). */
static void test_big_tree(void)
{
	size_t size;
	void *own = load("fdt_test.dtb", &size);
	size_t big = 64 << 10;
	void *dtb = aligned_alloc(8, big);

	CHECK_EQ(fdt_open_into(own, dtb, (int)big), 0);
	for (int i = 0; i < 300; i++) {
		char name[16];
		snprintf(name, sizeof(name), "dev@%d", i);
		int node = fdt_add_subnode(dtb, 0, name);
		CHECK(node >= 0);
		CHECK_EQ(fdt_setprop_string(dtb, node, "compatible", "rumpk,many"), 0);
	}
	reset();
	CHECK_EQ(rk_fdt_check(dtb, big), 0);
	int parent;
	CHECK(!rk_fdt_index_parent(dtb, 0, &parent));
	CHECK(rk_fdt_index_accepted(dtb));
	CHECK_EQ(count_compatible(dtb, "rumpk,many"), 300);
	CHECK_EQ(rk_fdt_scan_memory(dtb), 3);
	compare_index(dtb, big, false);
	free(dtb);
	free(own);
}

/* --- The test's own DTB ------------------------------------------------------ */

static void test_own_dtb(void)
{
	size_t size;
	void *dtb = load("fdt_test.dtb", &size);
	struct range r[16];

	reset();
	CHECK_EQ(rk_fdt_check(dtb, size), 0);
	CHECK_EQ(rk_fdt_check(dtb, 0), 0);
	CHECK_EQ(rk_fdt_size(dtb), size);
	CHECK_EQ(log_buf[0], 0);
	check_context = "index: fdt_test.dtb";
	compare_index(dtb, size, true);
	check_context = NULL;

	memset(r, 0, sizeof(r));
	CHECK_EQ(rk_fdt_foreach_memory(dtb, collect, r), 3);
	CHECK(has(r, 3, 0x80000000, 0x10000000, "memory@80000000"));
	CHECK(has(r, 3, 0x100000000, 0x40000000, "memory@80000000"));
	CHECK(has(r, 3, 0x300000000, 0x100000000, "memory@300000000"));

	memset(r, 0, sizeof(r));
	CHECK_EQ(rk_fdt_foreach_reserved(dtb, collect, r), 4);
	CHECK(has(r, 4, 0x80000000, 0x10000, "memreserve"));
	CHECK(has(r, 4, 0x8ff00000, 0x1000, "memreserve"));
	CHECK(has(r, 4, 0x80000000, 0x80000, "firmware@80000000"));
	CHECK(has(r, 4, 0x88000000, 0x100000, "shm@88000000"));

	reset();
	CHECK_EQ(rk_fdt_scan_memory(dtb), 3);
	CHECK_EQ(nram, 3);
	CHECK(has(ram, nram, 0x300000000, 0x100000000, NULL));
	CHECK_EQ(nrsv, 5);
	CHECK(has(rsv, nrsv, (uintptr_t)dtb, size, "dtb"));
	CHECK(has(rsv, nrsv, 0x88000000, 0x100000, "shm@88000000"));

	uint64_t hz = 0, base, len;
	CHECK_EQ(rk_fdt_timebase_frequency(dtb, &hz), 0);
	CHECK_EQ(hz, 10000000);

	/* Compatible lookup, enabled or not, and reg through one and two
	 * levels of ranges. */
	CHECK_EQ(count_compatible(dtb, "ns16550a"), 2);
	int uart = rk_fdt_compatible_enabled(dtb, -1, "ns16550a");
	CHECK(uart >= 0);
	CHECK_EQ(rk_fdt_compatible_enabled(dtb, uart, "ns16550a"), -FDT_ERR_NOTFOUND);
	CHECK(!strcmp(rk_fdt_name(dtb, uart), "serial@1000"));
	CHECK_EQ(rk_fdt_reg(dtb, uart, 0, &base, &len), 0);
	CHECK_EQ(base, 0x10001000);
	CHECK_EQ(len, 0x100);
	CHECK_EQ(rk_fdt_reg(dtb, uart, 1, &base, &len), -FDT_ERR_NOTFOUND);
	CHECK(!rk_fdt_is_enabled(dtb, rk_fdt_compatible(dtb, uart, "ns16550a")));

	int gic = rk_fdt_compatible(dtb, -1, "arm,gic-400");
	CHECK_EQ(rk_fdt_reg(dtb, gic, 1, &base, &len), 0);
	CHECK_EQ(base, 0x10801000);

	int nested = rk_fdt_compatible(dtb, -1, "rumpk,nested");
	CHECK_EQ(rk_fdt_reg(dtb, nested, 0, &base, &len), 0);
	CHECK_EQ(base, 0x10020100);
	CHECK_EQ(len, 0x10);

	int unmapped = rk_fdt_compatible(dtb, -1, "rumpk,unmapped");
	CHECK(unmapped >= 0);
	CHECK_EQ(rk_fdt_reg(dtb, unmapped, 0, &base, &len), -FDT_ERR_NOTFOUND);
	CHECK(rk_fdt_reg(dtb, 0, 0, &base, &len) < 0); /* the root has no reg */

	/* Interrupts: inherited interrupt-parent, and interrupts-extended
	 * naming two controllers with different cell counts. */
	int plic = rk_fdt_compatible(dtb, -1, "riscv,plic0");
	struct rk_fdt_irq irq;
	CHECK_EQ(rk_fdt_irq(dtb, uart, 0, &irq), 0);
	CHECK_EQ(irq.controller, plic);
	CHECK_EQ(irq.ncells, 1);
	CHECK_EQ(irq.cells[0], 10);
	CHECK_EQ(rk_fdt_irq(dtb, uart, 1, &irq), -FDT_ERR_NOTFOUND);
	CHECK_EQ(rk_fdt_irq(dtb, nested, 0, &irq), 0);
	CHECK_EQ(irq.controller, plic);
	CHECK_EQ(irq.cells[0], 11);
	CHECK_EQ(rk_fdt_irq(dtb, nested, 1, &irq), 0);
	CHECK_EQ(irq.controller, gic);
	CHECK_EQ(irq.ncells, 3);
	CHECK(irq.cells[0] == 0 && irq.cells[1] == 5 && irq.cells[2] == 4);
	CHECK_EQ(rk_fdt_irq(dtb, nested, 2, &irq), -FDT_ERR_NOTFOUND);
	CHECK_EQ(rk_fdt_irq(dtb, plic, 0, &irq), -FDT_ERR_NOTFOUND);

	/* Properties. */
	uint32_t v32;
	uint64_t v64;
	int cpus = rk_fdt_path(dtb, "/cpus");
	CHECK(cpus >= 0);
	CHECK_EQ(rk_fdt_prop_u32(dtb, cpus, "#address-cells", &v32), 0);
	CHECK_EQ(v32, 1);
	CHECK_EQ(rk_fdt_prop_u64(dtb, cpus, "timebase-frequency", &v64), 0);
	CHECK_EQ(v64, 10000000);
	/* Children in tree order (the aarch64 spin-table parking walks /cpus
	 * this way): /cpus has one, the root several, a leaf none. */
	int cpu0 = rk_fdt_next_child(dtb, cpus, -1);
	CHECK_EQ(cpu0, rk_fdt_path(dtb, "/cpus/cpu@0"));
	CHECK(rk_fdt_next_child(dtb, cpus, cpu0) < 0);
	CHECK(rk_fdt_next_child(dtb, cpu0, -1) < 0);
	int children = 0;
	for (int c = rk_fdt_next_child(dtb, 0, -1); c >= 0; c = rk_fdt_next_child(dtb, 0, c))
		children++;
	CHECK(children > 2);
	int pool = rk_fdt_path(dtb, "/reserved-memory/pool");
	CHECK_EQ(rk_fdt_prop_u64(dtb, pool, "size", &v64), 0);
	CHECK_EQ(v64, 0x400000);
	CHECK_EQ(rk_fdt_prop_u32(dtb, pool, "size", &v32), -FDT_ERR_BADVALUE);
	CHECK_EQ(rk_fdt_prop_u32(dtb, pool, "nothing", &v32), -FDT_ERR_NOTFOUND);
	int len32;
	const char *model = rk_fdt_prop(dtb, 0, "model", &len32);
	CHECK(model && !strcmp(model, "rumpk fdt test"));
	CHECK_EQ(rk_fdt_path(dtb, "/no/such/node"), -FDT_ERR_NOTFOUND);
	free(dtb);
}

/* --- QEMU's DTBs ---------------------------------------------------------------- */

static void test_qemu_riscv64(void)
{
	size_t size;
	void *dtb = load("qemu-virt-riscv64.dtb", &size);
	uint64_t base, len, hz;

	reset();
	CHECK_EQ(rk_fdt_check(dtb, size), 0);
	check_context = "index: qemu-virt-riscv64.dtb";
	compare_index(dtb, size, true);
	check_context = NULL;
	CHECK_EQ(rk_fdt_scan_memory(dtb), 1);
	CHECK(has(ram, nram, 0x80000000, 256 << 20, NULL));
	/* QEMU writes the 1 MiB buffer; the tree says how much of it is used. */
	CHECK(rk_fdt_size(dtb) < size);
	CHECK(has(rsv, nrsv, (uintptr_t)dtb, rk_fdt_size(dtb), "dtb"));

	CHECK_EQ(rk_fdt_timebase_frequency(dtb, &hz), 0);
	CHECK_EQ(hz, 10000000);
	int uart = rk_fdt_compatible_enabled(dtb, -1, "ns16550a");
	CHECK_EQ(rk_fdt_reg(dtb, uart, 0, &base, &len), 0);
	CHECK_EQ(base, 0x10000000);
	struct rk_fdt_irq irq;
	CHECK_EQ(rk_fdt_irq(dtb, uart, 0, &irq), 0);
	CHECK_EQ(irq.controller, rk_fdt_compatible(dtb, -1, "riscv,plic0"));
	CHECK_EQ(irq.ncells, 1);
	CHECK_EQ(irq.cells[0], 10);

	/* Eight virtio-mmio transports, 4 KiB apart from 0x10001000, irqs 1-8. */
	int n = 0;
	for (int node = rk_fdt_compatible(dtb, -1, "virtio,mmio"); node >= 0;
	     node = rk_fdt_compatible(dtb, node, "virtio,mmio"), n++) {
		CHECK_EQ(rk_fdt_reg(dtb, node, 0, &base, &len), 0);
		CHECK(base >= 0x10001000 && base <= 0x10008000 && base % 0x1000 == 0);
		CHECK_EQ(rk_fdt_irq(dtb, node, 0, &irq), 0);
		CHECK_EQ(irq.cells[0], (base - 0x10000000) >> 12);
	}
	CHECK_EQ(n, 8);
	free(dtb);
}

static void test_qemu_aarch64(void)
{
	size_t size;
	void *dtb = load("qemu-virt-aarch64.dtb", &size);
	uint64_t base, len, hz;

	reset();
	CHECK_EQ(rk_fdt_check(dtb, size), 0);
	check_context = "index: qemu-virt-aarch64.dtb";
	compare_index(dtb, size, true);
	check_context = NULL;
	CHECK_EQ(rk_fdt_scan_memory(dtb), 1);
	CHECK(has(ram, nram, 0x40000000, 256 << 20, NULL));
	CHECK(has(rsv, nrsv, (uintptr_t)dtb, rk_fdt_size(dtb), "dtb"));
	/* No timebase-frequency on Arm: the generic timer says its rate. */
	CHECK_EQ(rk_fdt_timebase_frequency(dtb, &hz), -FDT_ERR_NOTFOUND);

	int uart = rk_fdt_compatible_enabled(dtb, -1, "arm,pl011");
	CHECK_EQ(rk_fdt_reg(dtb, uart, 0, &base, &len), 0);
	CHECK_EQ(base, 0x09000000);
	CHECK_EQ(len, 0x1000);
	/* Its interrupt parent is inherited from the root: the GIC. */
	struct rk_fdt_irq irq;
	int gic = rk_fdt_compatible(dtb, -1, "arm,cortex-a15-gic");
	CHECK_EQ(rk_fdt_irq(dtb, uart, 0, &irq), 0);
	CHECK_EQ(irq.controller, gic);
	CHECK_EQ(irq.ncells, 3);
	CHECK(irq.cells[0] == 0 && irq.cells[1] == 1 && irq.cells[2] == 4);
	int timer = rk_fdt_compatible(dtb, -1, "arm,armv8-timer");
	CHECK_EQ(rk_fdt_irq(dtb, timer, 1, &irq), 0);
	CHECK(irq.cells[0] == 1 && irq.cells[1] == 14);
	CHECK_EQ(rk_fdt_irq(dtb, timer, 4, &irq), -FDT_ERR_NOTFOUND);
	CHECK_EQ(rk_fdt_reg(dtb, gic, 1, &base, &len), 0);
	CHECK_EQ(base, 0x08010000);
	CHECK_EQ(count_compatible(dtb, "virtio,mmio"), 32);
	free(dtb);
}

/* --- Damaged DTBs --------------------------------------------------------------- */

/* rk_fdt_check must refuse it with the given error and say why; the memory
 * scan must then add nothing. */
static void expect_refused(void *dtb, size_t bufsize, int err, const char *why)
{
	reset();
	CHECK_EQ(rk_fdt_check(dtb, bufsize), err);
	CHECK(!rk_fdt_index_accepted(dtb)); /* a refusal drops the index */
	CHECK_MSG(strstr(log_buf, "fdt: refusing DTB at ") && strstr(log_buf, why),
		  "expected a refusal saying \"%s\", got \"%s\"", why, log_buf);
	if (bufsize == 0) {
		reset();
		CHECK_EQ(rk_fdt_scan_memory(dtb), err);
		CHECK_EQ(nram + nrsv, 0);
	}
}

static void test_corrupt(void)
{
	size_t size;
	uint8_t *good = load("fdt_test.dtb", &size);
	uint8_t *dtb = aligned_alloc(8, size + 64);

	expect_refused(NULL, 0, -FDT_ERR_BADMAGIC, "no DTB");

	/* Accepted, then damaged in place and refused: the memory scan must
	 * not take the earlier acceptance for this buffer's. */
	memcpy(dtb, good, size);
	CHECK_EQ(rk_fdt_check(dtb, size), 0);
	CHECK(rk_fdt_index_accepted(dtb));
	dtb[0] ^= 0xff;
	expect_refused(dtb, 0, -FDT_ERR_BADMAGIC, "FDT_ERR_BADMAGIC");

	memcpy(dtb, good, size);
	dtb[0] ^= 0xff;
	expect_refused(dtb, 0, -FDT_ERR_BADMAGIC, "FDT_ERR_BADMAGIC");

	/* totalsize cut below the end of the blocks it must contain. */
	memcpy(dtb, good, size);
	fdt_set_totalsize(dtb, fdt_off_dt_strings(dtb) + 4);
	expect_refused(dtb, 0, -FDT_ERR_TRUNCATED, "FDT_ERR_TRUNCATED");

	/* A buffer that ends before totalsize: the file was truncated. */
	memcpy(dtb, good, size);
	expect_refused(dtb, size - 1, -FDT_ERR_TRUNCATED, "larger than the buffer");
	expect_refused(dtb, 16, -FDT_ERR_TRUNCATED, "smaller than a DTB header");

	/* An absurd totalsize, with every block still inside it. */
	memcpy(dtb, good, size);
	fdt_set_totalsize(dtb, 0x7ffffff0);
	expect_refused(dtb, 0, -FDT_ERR_TRUNCATED, "RK_FDT_MAX_SIZE");

	memcpy(dtb, good, size);
	fdt_set_last_comp_version(dtb, 99);
	expect_refused(dtb, 0, -FDT_ERR_BADVERSION, "FDT_ERR_BADVERSION");

	/* Misaligned: 4 bytes into a copy. */
	memcpy(dtb + 4, good, size);
	expect_refused(dtb + 4, 0, -FDT_ERR_BADLAYOUT, "not 8-byte aligned");

	/* A structure block whose first node tag is garbage. */
	memcpy(dtb, good, size);
	memset(dtb + fdt_off_dt_struct(dtb), 0xee, 4);
	reset();
	CHECK(rk_fdt_check(dtb, size) < 0);
	CHECK(strstr(log_buf, "fdt: refusing DTB at ") != NULL);

	/* A property name offset pointing past the strings block. */
	memcpy(dtb, good, size);
	int prop = fdt_first_property_offset(dtb, 0);
	struct fdt_property *p = (struct fdt_property *)(dtb + fdt_off_dt_struct(dtb) + prop);
	p->nameoff = cpu_to_fdt32(0x7fffff00);
	reset();
	CHECK(rk_fdt_check(dtb, size) < 0);

	free(dtb);
	free(good);
}

/* The index's walk is rk_fdt_check's structure check for the blobs it
 * takes: it must never take one that libfdt's fdt_check_full refuses
 * (those go to libfdt, whose error is printed). Returns whether it took
 * the blob. */
static bool walk_verdict(void *dtb, size_t size)
{
	if (fdt_check_header(dtb) || fdt_totalsize(dtb) > size ||
	    (fdt_off_mem_rsvmap(dtb) & 7) || (fdt_off_dt_struct(dtb) & 3))
		return false; /* rk_fdt_check refuses these before any walk */
	bool taken = rk_fdt_index_build(dtb);
	if (taken)
		CHECK_EQ(fdt_check_full(dtb, size), 0);
	rk_fdt_index_drop();
	return taken;
}

/* Structure damage the walk must leave to libfdt, and layouts it does not
 * take at all: the verdict and error are fdt_check_full's. */
static void test_walk_refuses(void)
{
	size_t size;
	uint8_t *good = load("fdt_test.dtb", &size);
	uint8_t *dtb = aligned_alloc(8, size);
	uint8_t *st;

	memcpy(dtb, good, size);
	CHECK(walk_verdict(dtb, size));
	st = dtb + fdt_off_dt_struct(dtb);

	/* A root with a name (its name is the 4 bytes after the tag). */
	st[4] = 'x';
	CHECK(!walk_verdict(dtb, size));
	expect_refused(dtb, size, -FDT_ERR_BADLAYOUT, "FDT_ERR_BADLAYOUT");

	/* A NOP after the root: libfdt refuses that too. */
	memcpy(dtb, good, size);
	uint32_t end = fdt_size_dt_struct(dtb) - 4; /* the FDT_END tag */
	CHECK_EQ(fdt32_to_cpu(*(fdt32_t *)(st + end)), FDT_END);
	*(fdt32_t *)(st + end) = cpu_to_fdt32(FDT_NOP);
	CHECK(!walk_verdict(dtb, size));
	reset();
	CHECK(rk_fdt_check(dtb, size) < 0);

	/* The last property's length running past the structure block. */
	memcpy(dtb, good, size);
	int prop = fdt_first_property_offset(dtb, 0);
	struct fdt_property *p = (struct fdt_property *)(st + prop);
	p->len = cpu_to_fdt32(fdt_size_dt_struct(dtb));
	CHECK(!walk_verdict(dtb, size));
	reset();
	CHECK(rk_fdt_check(dtb, size) < 0);
	CHECK(strstr(log_buf, "fdt: refusing DTB at ") != NULL);

	/* A name offset at the very end of the strings block, no NUL. */
	memcpy(dtb, good, size);
	p->nameoff = cpu_to_fdt32(fdt_size_dt_strings(dtb) - 1);
	dtb[fdt_off_dt_strings(dtb) + fdt_size_dt_strings(dtb) - 1] = 'x';
	CHECK(!walk_verdict(dtb, size));

	/* Version 16 (no strings block size): libfdt is built for version
	 * 17 alone (FDT_ASSUME_MASK in libfdt_env.h), so rk_fdt_check
	 * refuses any other version before libfdt reads the header. */
	memcpy(dtb, good, size);
	fdt_set_version(dtb, 16);
	CHECK(!walk_verdict(dtb, size));
	expect_refused(dtb, size, -FDT_ERR_BADVERSION, "FDT_ERR_BADVERSION");
	/* A later version that declares itself readable as 17 is read so. */
	memcpy(dtb, good, size);
	fdt_set_version(dtb, 18);
	reset();
	CHECK_EQ(rk_fdt_check(dtb, size), 0);
	CHECK_EQ(rk_fdt_scan_memory(dtb), 3);
	free(dtb);
	free(good);
}

/* Random damage: whatever rk_fdt_check lets through must be safe for every
 * helper. ASan turns an out-of-bounds read into a failure. */
static void test_mutations(void)
{
	size_t size;
	uint8_t *good = load("fdt_test.dtb", &size);
	uint8_t *dtb = aligned_alloc(8, size);
	uint64_t rng = 0x243f6a8885a308d3ull;
	int accepted = 0, walked = 0;

	for (int round = 0; round < 5000; round++) {
		memcpy(dtb, good, size);
		int flips = 1 + round % 4;
		for (int i = 0; i < flips; i++) {
			rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
			size_t at = rng % size;
			dtb[at] = round & 1 ? (uint8_t)(rng >> 32) : dtb[at] ^ (uint8_t)(1u << (rng >> 40) % 8);
		}
		walked += walk_verdict(dtb, size);
		reset();
		if (rk_fdt_check(dtb, size) != 0) {
			CHECK(strstr(log_buf, "fdt: refusing DTB") != NULL);
			continue;
		}
		accepted++;
		/* Rebuilt for this round's damage: answers as libfdt's. */
		compare_index(dtb, size, false);
		int calls = 0;
		int nm = rk_fdt_foreach_memory(dtb, count_calls, &calls);
		int nr = rk_fdt_foreach_reserved(dtb, count_calls, &calls);
		if (nm >= 0 && nr >= 0)
			CHECK_EQ(calls, nm + nr);
		rk_fdt_scan_memory(dtb);
		uint64_t hz, base, len;
		rk_fdt_timebase_frequency(dtb, &hz);
		int node = -1, depth = 0;
		while ((node = fdt_next_node(dtb, node, &depth)) >= 0) {
			struct rk_fdt_irq irq;
			for (int i = 0; i < 3; i++) {
				rk_fdt_reg(dtb, node, i, &base, &len);
				rk_fdt_irq(dtb, node, i, &irq);
			}
			rk_fdt_is_enabled(dtb, node);
		}
	}
	printf("mutations: %d of 5000 damaged DTBs passed the check (%d by the index's walk, "
	       "which libfdt accepted each time), all parsed safely\n",
	       accepted, walked);
	free(dtb);
	free(good);
}

/* --- Hostile values in a well-formed tree (issue 15) ---------------------- */

/* QEMU's riscv64 DTB opened with room to edit. */
static void *editable(void)
{
	size_t size;
	void *orig = load("qemu-virt-riscv64.dtb", &size);
	size_t room = (rk_fdt_size(orig) + 4096 + 7) & ~(size_t)7;
	void *dtb = aligned_alloc(8, room);

	CHECK_EQ(fdt_open_into(orig, dtb, (int)room), 0);
	free(orig);
	return dtb;
}

static void set_cells(void *dtb, const char *path, const char *prop, const uint32_t *v, int n)
{
	fdt32_t c[8];

	for (int i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	CHECK_EQ(fdt_setprop(dtb, fdt_path_offset(dtb, path), prop, c, n * 4), 0);
}

/* The check refuses, and the log names the problem. */
static void expect_named(void *dtb, const char *want)
{
	reset();
	CHECK(rk_fdt_check(dtb, 0) < 0);
	CHECK_MSG(strstr(log_buf, want) && strstr(log_buf, "fdt: refusing DTB at "),
		  "expected \"%s\", got \"%s\"", want, log_buf);
	free(dtb);
}

/* rk_fdt_scan_memory fails with err (nothing added) or, err 0, succeeds;
 * either way the log names the problem (want NULL: no complaint at all). */
static void expect_scan(void *dtb, int err, const char *want)
{
	reset();
	int n = rk_fdt_scan_memory(dtb);
	if (want)
		CHECK_MSG(strstr(log_buf, want), "expected \"%s\", got \"%s\"", want, log_buf);
	else
		CHECK_MSG(!strstr(log_buf, "dtb:"), "expected no complaint, got \"%s\"", log_buf);
	if (err) {
		CHECK_EQ(n, err);
		CHECK_EQ(nram + nrsv, 0);
	} else {
		CHECK(n > 0);
	}
	free(dtb);
}

static void test_hostile_memory(void)
{
	const uint32_t huge[] = { 0, 0x80000000, 0x7fffffff, 0xf0000000 };
	const uint32_t wrap[] = { 0, 0x80000000, 0xffffffff, 0x80001000 };
	const uint32_t zero[] = { 0, 0x80000000, 0, 0 };
	const uint32_t top[] = { 0x00ffffff, 0xfffff000, 0, 0x1000 }; /* ends at 2^56: fine */
	void *dtb;

	dtb = editable();
	set_cells(dtb, "/memory@80000000", "reg", huge, 4);
	expect_scan(dtb, -FDT_ERR_BADVALUE, "dtb: /memory@80000000 reg: entry 0: base 0x80000000 + "
		    "size 0x7ffffffff0000000 ends beyond any physical address (2^56)");
	dtb = editable();
	set_cells(dtb, "/memory@80000000", "reg", wrap, 4);
	expect_scan(dtb, -FDT_ERR_BADVALUE, "dtb: /memory@80000000 reg: entry 0: base 0x80000000 + "
		    "size 0xffffffff80001000 wraps past 2^64");
	dtb = editable();
	set_cells(dtb, "/memory@80000000", "reg", zero, 4);
	expect_scan(dtb, -FDT_ERR_NOTFOUND, "dtb: /memory@80000000 reg: entry 0: base 0x80000000 "
		    "size 0, ignored");
	/* A second entry of size 0 next to a good one: only it is left out. */
	dtb = editable();
	const uint32_t two[] = { 0, 0x80000000, 0, 0x1000000, 0, 0x90000000, 0, 0 };
	set_cells(dtb, "/memory@80000000", "reg", two, 8);
	expect_scan(dtb, 0, "entry 1: base 0x90000000 size 0, ignored");
	CHECK_EQ(nram, 1);
	dtb = editable();
	set_cells(dtb, "/memory@80000000", "reg", top, 4);
	expect_scan(dtb, 0, NULL);

	/* Reservations: outside RAM ignored (said), wrapping refused. */
	dtb = editable();
	int rm = fdt_add_subnode(dtb, 0, "reserved-memory");
	const uint32_t two_cells = cpu_to_fdt32(2);
	fdt_setprop(dtb, rm, "#address-cells", &two_cells, 4);
	fdt_setprop(dtb, rm, "#size-cells", &two_cells, 4);
	fdt_add_subnode(dtb, rm, "bogus@1000000000");
	const uint32_t outside[] = { 0x10, 0, 0, 0x1000 };
	set_cells(dtb, "/reserved-memory/bogus@1000000000", "reg", outside, 4);
	expect_scan(dtb, 0, "dtb: reserved range bogus@1000000000 0x1000000000-0x1000001000 lies "
		    "outside RAM, ignored");
	CHECK(!has(rsv, nrsv, 0x1000000000, 0x1000, NULL));
	dtb = editable();
	CHECK_EQ(fdt_add_mem_rsv(dtb, 0x80000000, 0xffffffff80001000ull), 0);
	expect_scan(dtb, -FDT_ERR_BADVALUE, "dtb: memory reservation block memreserve: entry 0: "
		    "base 0x80000000 + size 0xffffffff80001000 wraps past 2^64");
}

static void test_hostile_tree(void)
{
	void *dtb;
	uint64_t hz;
	const uint32_t three = 3, self = 0x7770, none = 0x7777;

	/* libfdt's own checks pass for all of these: the values are judged. */
	dtb = editable();
	set_cells(dtb, "/", "#address-cells", &three, 1);
	expect_named(dtb, "dtb: / #address-cells: 3 (CPU addresses and sizes take 1 to 2 cells)");
	dtb = editable();
	const uint32_t four = 4;
	set_cells(dtb, "/soc", "#address-cells", &four, 1);
	expect_named(dtb, "dtb: /soc #address-cells: 4 (bus addresses and sizes take 0 to 3 cells)");
	dtb = editable();
	set_cells(dtb, "/soc", "#size-cells", &three, 1);
	expect_named(dtb, "dtb: /soc #size-cells: 3 (bus addresses and sizes take 0 to 2 cells)");

	dtb = editable();
	int node = 0;
	for (int i = 0; i < 40; i++)
		node = fdt_add_subnode(dtb, node, "d");
	CHECK(node > 0);
	expect_named(dtb, "nested 33 levels deep (at most 32)");

	dtb = editable();
	set_cells(dtb, "/soc/virtio_mmio@10001000", "phandle", &self, 1);
	set_cells(dtb, "/soc/virtio_mmio@10001000", "interrupt-parent", &self, 1);
	expect_named(dtb, "dtb: /soc/virtio_mmio@10001000 interrupt-parent: the chain of interrupt "
			  "parents loops (no controller within 16 hops)");

	dtb = editable();
	const uint32_t a = 0x7770, b = 0x7771;
	set_cells(dtb, "/soc/virtio_mmio@10001000", "phandle", &a, 1);
	set_cells(dtb, "/soc/virtio_mmio@10002000", "phandle", &b, 1);
	set_cells(dtb, "/soc/virtio_mmio@10001000", "interrupt-parent", &b, 1);
	set_cells(dtb, "/soc/virtio_mmio@10002000", "interrupt-parent", &a, 1);
	expect_named(dtb, "interrupt-parent: the chain of interrupt parents loops");

	dtb = editable();
	set_cells(dtb, "/soc/virtio_mmio@10001000", "interrupt-parent", &none, 1);
	expect_named(dtb, "dtb: /soc/virtio_mmio@10001000 interrupt-parent: phandle 0x7777 names "
			  "no node");

	dtb = editable();
	uint32_t ph = fdt_get_phandle(dtb, fdt_path_offset(dtb, "/soc/plic@c000000"));
	CHECK(ph != 0);
	set_cells(dtb, "/soc/virtio_mmio@10008000", "phandle", &ph, 1);
	expect_named(dtb, "phandle: 0x");
	CHECK(strstr(log_buf, " is also the phandle of /soc/"));

	dtb = editable();
	const uint32_t bad_ph = 0xffffffff;
	set_cells(dtb, "/soc/virtio_mmio@10008000", "phandle", &bad_ph, 1);
	expect_named(dtb, "dtb: /soc/virtio_mmio@10008000 phandle: 0xffffffff is not a valid phandle");

	/* interrupts shorter than its cells; #interrupt-cells out of range. */
	dtb = editable();
	const uint16_t half = 0x0100;
	CHECK_EQ(fdt_setprop(dtb, fdt_path_offset(dtb, "/soc/virtio_mmio@10001000"), "interrupts",
			     &half, 2), 0);
	expect_named(dtb, "dtb: /soc/virtio_mmio@10001000 interrupts: 2 bytes, not a whole number "
			  "of 1-cell specifiers (#interrupt-cells of plic@c000000)");
	dtb = editable();
	const uint32_t nine = 9;
	set_cells(dtb, "/soc/plic@c000000", "#interrupt-cells", &nine, 1);
	expect_named(dtb, "dtb: /soc/plic@c000000 #interrupt-cells: missing or not 1 to 4");
	dtb = editable();
	const uint32_t ext[] = { 0x7777, 9 };
	set_cells(dtb, "/soc/virtio_mmio@10001000", "interrupts-extended", ext, 2);
	expect_named(dtb, "interrupts-extended: phandle 0x7777 names no node");

	/* timebase-frequency: zero, absurd, missing. */
	const uint32_t zero = 0;
	dtb = editable();
	set_cells(dtb, "/cpus", "timebase-frequency", &zero, 1);
	reset();
	CHECK_EQ(rk_fdt_timebase_frequency(dtb, &hz), -FDT_ERR_BADVALUE);
	CHECK(strstr(log_buf, "dtb: /cpus timebase-frequency: 0 Hz (must be 1 Hz to 10 GHz)"));
	const uint32_t fast[] = { 0x10, 0 }; /* 68 GHz */
	set_cells(dtb, "/cpus", "timebase-frequency", fast, 2);
	CHECK_EQ(rk_fdt_timebase_frequency(dtb, &hz), -FDT_ERR_BADVALUE);
	fdt_delprop(dtb, fdt_path_offset(dtb, "/cpus"), "timebase-frequency");
	reset();
	CHECK_EQ(rk_fdt_timebase_frequency(dtb, &hz), -FDT_ERR_NOTFOUND);
	CHECK(strstr(log_buf, "dtb: /cpus timebase-frequency: missing (nor in any cpu node)"));
	free(dtb);
}

int main(void)
{
	test_own_dtb();
	test_qemu_riscv64();
	test_qemu_aarch64();
	test_corrupt();
	test_walk_refuses();
	test_big_tree();
	test_mutations();
	test_hostile_memory();
	test_hostile_tree();
	return check_summary("test_fdt");
}
