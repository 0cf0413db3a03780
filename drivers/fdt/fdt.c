/* SPDX-License-Identifier: BSD-2-Clause */
/* DTB validation, node lookup and property access over libfdt. */
#include <rumpk/printk.h>
#include "fdt_internal.h"

#ifndef CONFIG_FDT_INDEX
const void *rk_fdt_accepted; /* see fdt_internal.h */
#endif

static int refuse(const void *dtb, int err, const char *why)
{
	/* Whatever was indexed before may be this very buffer, changed. */
	rk_fdt_index_drop();
	printk("fdt: refusing DTB at %p: %s\n", dtb, why ? why : fdt_strerror(err));
	return err;
}

int rk_fdt_check(const void *dtb, size_t bufsize)
{
	if (!dtb)
		return refuse(dtb, -FDT_ERR_BADMAGIC, "no DTB (null pointer)");
	/* The spec requires 8-byte alignment, and libfdt reads header fields
	 * with 32-bit loads, which fault on misaligned Device memory. (This
	 * libfdt predates FDT_ERR_ALIGNMENT; BADLAYOUT is the nearest.) */
	if ((uintptr_t)dtb & 7)
		return refuse(dtb, -FDT_ERR_BADLAYOUT, "not 8-byte aligned");
	if (bufsize && bufsize < sizeof(struct fdt_header))
		return refuse(dtb, -FDT_ERR_TRUNCATED, "buffer smaller than a DTB header");

	int err = fdt_check_header(dtb);
	if (err)
		return refuse(dtb, err, NULL);
	/* libfdt reads reservation entries and structure tags in place: the
	 * blocks must be aligned as the spec says (8 and 4 bytes), or an Arm
	 * CPU running with the MMU off takes an alignment fault. */
	if ((fdt_off_mem_rsvmap(dtb) & 7) || (fdt_off_dt_struct(dtb) & 3))
		return refuse(dtb, -FDT_ERR_BADLAYOUT, "misaligned memory reservation or structure block");
	uint32_t total = fdt_totalsize(dtb);
	if (total > RK_FDT_MAX_SIZE)
		return refuse(dtb, -FDT_ERR_TRUNCATED, "totalsize larger than RK_FDT_MAX_SIZE (2 MiB)");
	if (bufsize && total > bufsize)
		return refuse(dtb, -FDT_ERR_TRUNCATED, "totalsize larger than the buffer (truncated)");
	/* Walk every tag and property once, so that later lookups only ever
	 * meet a structurally sound tree. */
	err = fdt_check_full(dtb, total);
	if (err)
		return refuse(dtb, err, NULL);
	/* Rebuilt on every accepted check: the buffer may have changed since
	 * the last one, in place. The plausibility checks use it. */
	rk_fdt_index_build(dtb);
	err = rk_fdt_check_plausible(dtb);
	if (err)
		return refuse(dtb, err, "implausible values (the line above names them)");
	return 0;
}

size_t rk_fdt_size(const void *dtb)
{
	return fdt_totalsize(dtb);
}

const char *rk_fdt_strerror(int err)
{
	return fdt_strerror(err);
}

int rk_fdt_path(const void *dtb, const char *path)
{
	return fdt_path_offset(dtb, path);
}

int rk_fdt_next_child(const void *dtb, int parent, int prev)
{
	return prev < 0 ? fdt_first_subnode(dtb, parent) : fdt_next_subnode(dtb, prev);
}

bool rk_fdt_status_okay(const char *s, int len)
{
	/* Compare with the property length, not strcmp: the value need not be
	 * NUL-terminated in a damaged tree. */
	return (len == 5 && !memcmp(s, "okay", 5)) || (len == 3 && !memcmp(s, "ok", 3));
}

int rk_fdt_is_enabled(const void *dtb, int node)
{
	int len, enabled;

	if (rk_fdt_index_enabled(dtb, node, &enabled))
		return enabled;
	const char *s = fdt_getprop(dtb, node, "status", &len);
	return !s || rk_fdt_status_okay(s, len);
}

int rk_fdt_compatible(const void *dtb, int after, const char *compat)
{
	int node;

	if (rk_fdt_index_compatible(dtb, after, compat, false, &node))
		return node;
	return fdt_node_offset_by_compatible(dtb, after, compat);
}

int rk_fdt_compatible_enabled(const void *dtb, int after, const char *compat)
{
	int node = after;

	if (rk_fdt_index_compatible(dtb, after, compat, true, &node))
		return node;
	do
		node = fdt_node_offset_by_compatible(dtb, node, compat);
	while (node >= 0 && !rk_fdt_is_enabled(dtb, node));
	return node;
}

int rk_fdt_parent(const void *dtb, int node)
{
	int parent;

	if (rk_fdt_index_parent(dtb, node, &parent))
		return parent;
	return fdt_parent_offset(dtb, node);
}

int rk_fdt_by_phandle(const void *dtb, uint32_t phandle)
{
	int node;

	if (rk_fdt_index_phandle(dtb, phandle, &node))
		return node;
	return fdt_node_offset_by_phandle(dtb, phandle);
}

int rk_fdt_next_memory(const void *dtb, int after)
{
	int node;

	if (rk_fdt_index_memory(dtb, after, &node))
		return node;
	return fdt_node_offset_by_prop_value(dtb, after, "device_type", "memory", 7);
}

const char *rk_fdt_name(const void *dtb, int node)
{
	const char *name = fdt_get_name(dtb, node, NULL);

	return name ? name : "?";
}

const void *rk_fdt_prop(const void *dtb, int node, const char *name, int *len)
{
	return fdt_getprop(dtb, node, name, len);
}

int rk_fdt_prop_u32(const void *dtb, int node, const char *name, uint32_t *val)
{
	int len;
	const fdt32_t *p = fdt_getprop(dtb, node, name, &len);

	if (!p)
		return len;
	if (len != 4)
		return -FDT_ERR_BADVALUE;
	*val = fdt32_to_cpu(p[0]);
	return 0;
}

int rk_fdt_prop_u64(const void *dtb, int node, const char *name, uint64_t *val)
{
	int len;
	const fdt32_t *p = fdt_getprop(dtb, node, name, &len);

	if (!p)
		return len;
	/* Properties are only 4-byte aligned: read 64-bit values as two cells. */
	if (len == 4)
		*val = fdt32_to_cpu(p[0]);
	else if (len == 8)
		*val = (uint64_t)fdt32_to_cpu(p[0]) << 32 | fdt32_to_cpu(p[1]);
	else
		return -FDT_ERR_BADVALUE;
	return 0;
}

/* The timer's rate must be one a timer can have: 0 would divide by zero,
 * more than 10 GHz is no real timebase (QEMU: 10 MHz; boards 1-100 MHz). */
#define MAX_TIMEBASE_HZ 10000000000ull

static int judge_timebase(const void *dtb, int node, uint64_t hz)
{
	if (hz == 0 || hz > MAX_TIMEBASE_HZ) {
		rk_fdt_report(dtb, node, "timebase-frequency", "%llu Hz (must be 1 Hz to 10 GHz)",
			      (unsigned long long)hz);
		return -FDT_ERR_BADVALUE;
	}
	return 0;
}

int rk_fdt_timebase_frequency(const void *dtb, uint64_t *hz)
{
	int cpus = fdt_path_offset(dtb, "/cpus");

	if (cpus < 0) {
		rk_fdt_report(dtb, 0, NULL, "no /cpus node (for timebase-frequency)");
		return cpus;
	}
	if (rk_fdt_prop_u64(dtb, cpus, "timebase-frequency", hz) == 0)
		return judge_timebase(dtb, cpus, *hz);
	/* Some trees carry it per CPU instead: take the first CPU's. */
	int cpu;
	fdt_for_each_subnode(cpu, dtb, cpus) {
		if (rk_fdt_prop_u64(dtb, cpu, "timebase-frequency", hz) == 0)
			return judge_timebase(dtb, cpu, *hz);
	}
	rk_fdt_report(dtb, cpus, "timebase-frequency", "missing (nor in any cpu node)");
	return -FDT_ERR_NOTFOUND;
}
