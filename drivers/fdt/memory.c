/* SPDX-License-Identifier: BSD-2-Clause */
/* RAM and reserved ranges from the DTB, and handing them to kernel/mem;
 * the /chosen initrd range (CONFIG_INITRD_BOOTLOADER) goes to kernel/exec.
 *
 * /memory and /reserved-memory sit directly below the root, whose ranges
 * are the CPU's own, so their reg is used untranslated (a /reserved-memory
 * without the "ranges;" the spec requires must still be honoured). */
#include <rumpk/bootinfo.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include "fdt_internal.h"

/* Whether [base, base + size) can be a physical range: 0 when it can, 1 when
 * it is empty (to be left out), or an error. With report, what is wrong is
 * said ("dtb: /memory@80000000 reg: entry 0: ..."); node < 0 is the
 * header's memory reservation block. */
static int judge_range(const void *dtb, int node, int index, uint64_t base, uint64_t size,
		       bool report)
{
	const char *prop = node < 0 ? "memreserve" : "reg";

	if (size == 0) {
		if (report)
			rk_fdt_report(dtb, node, prop, "entry %d: base %#llx size 0, ignored",
				      index, (unsigned long long)base);
		return 1;
	}
	if (size - 1 > UINT64_MAX - base) {
		if (report)
			rk_fdt_report(dtb, node, prop,
				      "entry %d: base %#llx + size %#llx wraps past "
				      "2^64",
				      index, (unsigned long long)base, (unsigned long long)size);
		return -FDT_ERR_BADVALUE;
	}
	if (size > RK_FDT_PHYS_LIMIT || base > RK_FDT_PHYS_LIMIT - size) {
		if (report)
			rk_fdt_report(dtb, node, prop,
				      "entry %d: base %#llx + size %#llx ends beyond "
				      "any physical address (2^56)",
				      index, (unsigned long long)base, (unsigned long long)size);
		return -FDT_ERR_BADVALUE;
	}
	return 0;
}

/* Calls fn for every plausible reg entry of node; returns how many, or an
 * error. */
static int foreach_reg(const void *dtb, int node, rk_fdt_range_fn fn, void *arg, bool report)
{
	uint64_t base, size;
	int i, n = 0, err;

	for (i = 0; (err = rk_fdt_reg_raw(dtb, node, i, &base, &size)) == 0; i++) {
		int j = judge_range(dtb, node, i, base, size, report);
		if (j < 0)
			return j;
		if (j == 0) {
			fn(base, size, rk_fdt_name(dtb, node), arg);
			n++;
		}
	}
	if (err != -FDT_ERR_NOTFOUND && report)
		rk_fdt_report(dtb, node, "reg", "unreadable: %s", fdt_strerror(err));
	return err == -FDT_ERR_NOTFOUND ? n : err;
}

static int walk_memory(const void *dtb, rk_fdt_range_fn fn, void *arg, bool report)
{
	int node, count = 0;

	for (node = rk_fdt_next_memory(dtb, -1); node >= 0; node = rk_fdt_next_memory(dtb, node)) {
		if (!rk_fdt_is_enabled(dtb, node))
			continue;
		int n = foreach_reg(dtb, node, fn, arg, report);
		if (n < 0)
			return n;
		count += n;
	}
	return node == -FDT_ERR_NOTFOUND ? count : node;
}

int rk_fdt_foreach_memory(const void *dtb, rk_fdt_range_fn fn, void *arg)
{
	return walk_memory(dtb, fn, arg, false);
}

/* The header's reservation block, then /reserved-memory's children. */
static int walk_reserved(const void *dtb, rk_fdt_range_fn fn, void *arg, bool report)
{
	int count = fdt_num_mem_rsv(dtb), n = 0;

	if (count < 0)
		return count;
	for (int i = 0; i < count; i++) {
		uint64_t base, size;
		int err = fdt_get_mem_rsv(dtb, i, &base, &size);
		if (err)
			return err;
		int j = judge_range(dtb, -1, i, base, size, report);
		if (j < 0)
			return j;
		if (j == 0) {
			fn(base, size, "memreserve", arg);
			n++;
		}
	}

	int rm = rk_fdt_path(dtb, "/reserved-memory");
	if (rm == -FDT_ERR_NOTFOUND)
		return n;
	if (rm < 0)
		return rm;
	int child;
	for (child = rk_fdt_next_child(dtb, rm, -1); child >= 0; child = rk_fdt_next_child(dtb, rm, child)) {
		if (!rk_fdt_is_enabled(dtb, child))
			continue;
		/* A child without reg (none counted) asks the OS to allocate a
		 * region, a CMA pool say: nothing is in use yet, nothing to avoid. */
		int k = foreach_reg(dtb, child, fn, arg, report);
		if (k < 0)
			return k;
		n += k;
	}
	if (child != -FDT_ERR_NOTFOUND)
		return child;
	return n;
}

int rk_fdt_foreach_reserved(const void *dtb, rk_fdt_range_fn fn, void *arg)
{
	return walk_reserved(dtb, fn, arg, false);
}

int rk_fdt_initrd(const void *dtb, uint64_t *start, uint64_t *end)
{
	int chosen = rk_fdt_path(dtb, "/chosen");
	if (chosen < 0)
		return chosen;
	int es = rk_fdt_prop_u64(dtb, chosen, "linux,initrd-start", start);
	int ee = rk_fdt_prop_u64(dtb, chosen, "linux,initrd-end", end);
	if (es == -FDT_ERR_NOTFOUND && ee == -FDT_ERR_NOTFOUND)
		return -FDT_ERR_NOTFOUND;
	/* One without the other is as broken as a value of the wrong size. */
	if (es == -FDT_ERR_NOTFOUND || ee == -FDT_ERR_NOTFOUND)
		return -FDT_ERR_BADVALUE;
	return es ? es : ee;
}

#ifdef CONFIG_INITRD_BOOTLOADER
/* Hand the /chosen initrd to kernel/exec, which checks it against RAM and
 * the kernel image and reserves it. What only the DTB can tell is judged
 * here: unreadable properties, and a range over the DTB blob itself. */
static void report_initrd(const void *dtb)
{
	uint64_t start = 0, end = 0;
	int err = rk_fdt_initrd(dtb, &start, &end);

	if (err == -FDT_ERR_NOTFOUND)
		return;
	const char *why = NULL;
	uint64_t dtb_start = (uintptr_t)dtb, dtb_end = dtb_start + fdt_totalsize(dtb);
	if (err)
		why = "linux,initrd-start/-end missing or not 4 or 8 bytes long";
	else if (start < dtb_end && dtb_start < end)
		why = "overlaps the device tree";
	rk_boot_initrd_found(start, end, "DTB /chosen", why);
}
#endif

static void count_only(uint64_t base, uint64_t size, const char *name, void *arg)
{
}

static void add_ram(uint64_t base, uint64_t size, const char *name, void *arg)
{
	rk_mem_add_ram(base, size);
}

struct overlap {
	uint64_t base, size;
	bool found;
};

static void find_overlap(uint64_t base, uint64_t size, const char *name, void *arg)
{
	struct overlap *o = arg;

	if (base < o->base + o->size && o->base < base + size)
		o->found = true;
}

/* Reservations are kept only where they touch RAM: one outside every
 * memory node protects nothing and is most likely a typo; say so. */
static void reserve(uint64_t base, uint64_t size, const char *name, void *arg)
{
	const void *dtb = arg;
	struct overlap o = { base, size, false };

	walk_memory(dtb, find_overlap, &o, false);
	if (!o.found) {
		printk("dtb: reserved range %s %#llx-%#llx lies outside RAM, ignored\n", name,
		       (unsigned long long)base, (unsigned long long)(base + size));
		return;
	}
	rk_mem_reserve(base, size, name);
}

int rk_fdt_scan_memory(const void *dtb)
{
	/* Boot checks the DTB before anything else: a full second check of
	 * the same, unchanged blob would only repeat that work. */
	int err = rk_fdt_check_once(dtb);
	if (err)
		return err;

	/* Judge (and name) everything once before telling kernel/mem
	 * anything, so that a damaged node leaves no half-described memory
	 * behind. */
	int n = walk_memory(dtb, count_only, NULL, true);
	int r = n < 0 ? n : walk_reserved(dtb, count_only, NULL, true);
	if (n < 0 || r < 0) {
		printk("fdt: cannot use the memory layout: %s\n", fdt_strerror(n < 0 ? n : r));
		return n < 0 ? n : r;
	}
	if (n == 0) {
		printk("fdt: no memory node with a usable reg in the DTB\n");
		return -FDT_ERR_NOTFOUND;
	}
	rk_fdt_foreach_memory(dtb, add_ram, NULL);
	rk_fdt_foreach_reserved(dtb, reserve, (void *)dtb);
	rk_mem_reserve((uintptr_t)dtb, fdt_totalsize(dtb), "dtb");
#ifdef CONFIG_INITRD_BOOTLOADER
	report_initrd(dtb);
#endif
	return n;
}
