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

/* Calls fn for every reg entry of node; returns how many, or an error. */
static int foreach_reg(const void *dtb, int node, rk_fdt_range_fn fn, void *arg)
{
	uint64_t base, size;
	int i, err;

	for (i = 0; (err = rk_fdt_reg_raw(dtb, node, i, &base, &size)) == 0; i++)
		fn(base, size, rk_fdt_name(dtb, node), arg);
	return err == -FDT_ERR_NOTFOUND ? i : err;
}

int rk_fdt_foreach_memory(const void *dtb, rk_fdt_range_fn fn, void *arg)
{
	int node, count = 0;

	for (node = rk_fdt_next_memory(dtb, -1); node >= 0; node = rk_fdt_next_memory(dtb, node)) {
		if (!rk_fdt_is_enabled(dtb, node))
			continue;
		int n = foreach_reg(dtb, node, fn, arg);
		if (n < 0)
			return n;
		count += n;
	}
	return node == -FDT_ERR_NOTFOUND ? count : node;
}

int rk_fdt_foreach_reserved(const void *dtb, rk_fdt_range_fn fn, void *arg)
{
	int count = fdt_num_mem_rsv(dtb);

	if (count < 0)
		return count;
	for (int i = 0; i < count; i++) {
		uint64_t base, size;
		int err = fdt_get_mem_rsv(dtb, i, &base, &size);
		if (err)
			return err;
		fn(base, size, "memreserve", arg);
	}

	int rm = fdt_path_offset(dtb, "/reserved-memory");
	if (rm == -FDT_ERR_NOTFOUND)
		return count;
	if (rm < 0)
		return rm;
	int child;
	fdt_for_each_subnode(child, dtb, rm) {
		if (!rk_fdt_is_enabled(dtb, child))
			continue;
		/* A child without reg (n == 0) asks the OS to allocate a region,
		 * a CMA pool say: nothing is in use yet, so nothing to avoid. */
		int n = foreach_reg(dtb, child, fn, arg);
		if (n < 0)
			return n;
		count += n;
	}
	if (child != -FDT_ERR_NOTFOUND)
		return child;
	return count;
}

int rk_fdt_initrd(const void *dtb, uint64_t *start, uint64_t *end)
{
	int chosen = fdt_path_offset(dtb, "/chosen");
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

static void reserve(uint64_t base, uint64_t size, const char *name, void *arg)
{
	rk_mem_reserve(base, size, name);
}

int rk_fdt_scan_memory(const void *dtb)
{
	/* Boot checks the DTB before anything else: a full second check of
	 * the same, unchanged blob would only repeat that work. */
	int err = rk_fdt_index_accepted(dtb) ? 0 : rk_fdt_check(dtb, 0);
	if (err)
		return err;

	/* Parse everything once before telling kernel/mem anything, so that a
	 * damaged node leaves no half-described memory behind. */
	int n = rk_fdt_foreach_memory(dtb, count_only, NULL);
	int r = n < 0 ? n : rk_fdt_foreach_reserved(dtb, count_only, NULL);
	if (n < 0 || r < 0) {
		printk("fdt: cannot read the memory layout: %s\n", fdt_strerror(n < 0 ? n : r));
		return n < 0 ? n : r;
	}
	if (n == 0) {
		printk("fdt: no memory node in the DTB\n");
		return -FDT_ERR_NOTFOUND;
	}
	rk_fdt_foreach_memory(dtb, add_ram, NULL);
	rk_fdt_foreach_reserved(dtb, reserve, NULL);
	rk_mem_reserve((uintptr_t)dtb, fdt_totalsize(dtb), "dtb");
#ifdef CONFIG_INITRD_BOOTLOADER
	report_initrd(dtb);
#endif
	return n;
}
