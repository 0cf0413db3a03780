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
	/* libfdt is built for version 17 alone (FDT_ASSUME_MASK in
	 * libfdt_env.h) and no longer checks it: the header layout of any
	 * other version would be misread. A later version that declares
	 * itself compatible with 17 reads as 17. */
	if (fdt_version(dtb) < 17 || fdt_last_comp_version(dtb) > 17)
		return refuse(dtb, -FDT_ERR_BADVERSION, NULL);
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
	 * meet a structurally sound tree: the index's walk (rebuilt on every
	 * check, as the buffer may have changed in place), or, for a blob it
	 * does not take, libfdt's, whose verdict and error then stand. The
	 * plausibility checks use the index. */
	if (!rk_fdt_index_build(dtb) && (err = fdt_check_full(dtb, total)))
		return refuse(dtb, err, NULL);
	err = rk_fdt_check_plausible(dtb);
	if (err)
		return refuse(dtb, err, "implausible values (the line above names them)");
	return 0;
}

int rk_fdt_check_once(const void *dtb)
{
	return rk_fdt_index_accepted(dtb) ? 0 : rk_fdt_check(dtb, 0);
}

size_t rk_fdt_size(const void *dtb)
{
	return fdt_totalsize(dtb);
}

const char *rk_fdt_strerror(int err)
{
	return fdt_strerror(err);
}

/* Names of the properties the index keeps, in RK_FDT_P_* order. */
const char *const rk_fdt_prop_names[RK_FDT_NPROPS] = {
	[RK_FDT_P_COMPATIBLE] = "compatible",
	[RK_FDT_P_STATUS] = "status",
	[RK_FDT_P_DEVICE_TYPE] = "device_type",
	[RK_FDT_P_PHANDLE] = "phandle",
	[RK_FDT_P_LINUX_PHANDLE] = "linux,phandle",
	[RK_FDT_P_ADDRESS_CELLS] = "#address-cells",
	[RK_FDT_P_SIZE_CELLS] = "#size-cells",
	[RK_FDT_P_INTERRUPT_CELLS] = "#interrupt-cells",
	[RK_FDT_P_INTERRUPT_PARENT] = "interrupt-parent",
	[RK_FDT_P_INTERRUPTS] = "interrupts",
	[RK_FDT_P_INTERRUPTS_EXTENDED] = "interrupts-extended",
	[RK_FDT_P_REG] = "reg",
	[RK_FDT_P_RANGES] = "ranges",
};

/* Which cached property a name is, or -1. The first two characters (the
 * second is there when the first is not NUL) leave one candidate, or the
 * three interrupt names, so a lookup costs one or two string compares. */
int rk_fdt_prop_id(const char *name)
{
	static const signed char interrupt_names[] = {
		RK_FDT_P_INTERRUPTS, RK_FDT_P_INTERRUPT_PARENT, RK_FDT_P_INTERRUPTS_EXTENDED,
	};
	int id;

	switch (name[0]) {
	case 'c': id = RK_FDT_P_COMPATIBLE; break;
	case 's': id = RK_FDT_P_STATUS; break;
	case 'd': id = RK_FDT_P_DEVICE_TYPE; break;
	case 'p': id = RK_FDT_P_PHANDLE; break;
	case 'l': id = RK_FDT_P_LINUX_PHANDLE; break;
	case 'r': id = name[1] == 'e' ? RK_FDT_P_REG : RK_FDT_P_RANGES; break;
	case '#':
		id = name[1] == 'a' ? RK_FDT_P_ADDRESS_CELLS :
		     name[1] == 's' ? RK_FDT_P_SIZE_CELLS : RK_FDT_P_INTERRUPT_CELLS;
		break;
	case 'i':
		for (unsigned i = 0; i < sizeof(interrupt_names); i++)
			if (!strcmp(name, rk_fdt_prop_names[(int)interrupt_names[i]]))
				return interrupt_names[i];
		return -1;
	default:
		return -1;
	}
	return strcmp(name, rk_fdt_prop_names[id]) ? -1 : id;
}

int rk_fdt_path_namelen(const void *dtb, const char *path, int len)
{
	int node;

	/* Boot asks for /chosen, /cpus, /reserved-memory and the console's
	 * path: libfdt would walk every node before each from the start. */
	if (len >= 0 && rk_fdt_index_path(dtb, path, (size_t)len, &node))
		return node;
	return fdt_path_offset_namelen(dtb, path, len);
}

int rk_fdt_path(const void *dtb, const char *path)
{
	return rk_fdt_path_namelen(dtb, path, (int)strlen(path));
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
	const char *s = rk_fdt_propi(dtb, node, RK_FDT_P_STATUS, &len);
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

int rk_fdt_next_child(const void *dtb, int parent, int after)
{
	int child;

	if (rk_fdt_index_next_child(dtb, parent, after, &child))
		return child;
	return after < 0 ? fdt_first_subnode(dtb, parent) : fdt_next_subnode(dtb, after);
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
	const char *name;

	if (rk_fdt_index_name(dtb, node, &name))
		return name;
	name = fdt_get_name(dtb, node, NULL);

	return name ? name : "?";
}

const void *rk_fdt_propi(const void *dtb, int node, int id, int *len)
{
	const void *val;
	int n;

	if (rk_fdt_index_prop(dtb, node, id, &val, &n)) {
		if (len)
			*len = n;
		return val;
	}
	return fdt_getprop(dtb, node, rk_fdt_prop_names[id], len);
}

const void *rk_fdt_prop(const void *dtb, int node, const char *name, int *len)
{
#ifdef CONFIG_FDT_INDEX
	/* Only the index answers faster by id; without it, rk_fdt_propi
	 * would ask libfdt by the same name. */
	int id = rk_fdt_prop_id(name);

	if (id >= 0)
		return rk_fdt_propi(dtb, node, id, len);
#endif
	return fdt_getprop(dtb, node, name, len);
}

/* rk_fdt_view_next through libfdt (kept out of the index's quick path). */
static __attribute__((noinline)) int view_next_libfdt(const void *dtb, struct rk_fdt_view *v)
{
	int depth = v->node < 0 ? 0 : v->depth + 1; /* libfdt: the root is 1 */
	int node = fdt_next_node(dtb, v->node, &depth);
	if (node < 0)
		return node;
	v->node = node;
	v->depth = depth - 1;
	v->parent = -1; /* libfdt would walk from the start for it */
	v->phandle = fdt_get_phandle(dtb, node);
	v->entry = -1;
	/* Each name asked for (an image without the index has the plain
	 * libfdt code only; its boot is not the one that must be quick). */
	for (int id = 0; id < RK_FDT_NPROPS; id++) {
		int len;
		const char *val = fdt_getprop(dtb, node, rk_fdt_prop_names[id], &len);
		v->buf[id].value = val ? (uint32_t)(val - (const char *)dtb) : 0;
		v->buf[id].len = len;
	}
	v->prop = v->buf;
	return 0;
}

int rk_fdt_view_next(const void *dtb, struct rk_fdt_view *v)
{
	int err;

	if (rk_fdt_index_view_next(dtb, v, &err))
		return err;
	return view_next_libfdt(dtb, v);
}

/* libfdt's fdt_cells (fdt_addresses.c), over rk_fdt_propi. */
static int cells(const void *dtb, int node, int id)
{
	int len;
	const fdt32_t *c = rk_fdt_propi(dtb, node, id, &len);

	if (!c)
		return len;
	if (len != 4 || fdt32_to_cpu(*c) > FDT_MAX_NCELLS)
		return -FDT_ERR_BADNCELLS;
	return (int)fdt32_to_cpu(*c);
}

int rk_fdt_address_cells(const void *dtb, int node)
{
	int n = cells(dtb, node, RK_FDT_P_ADDRESS_CELLS);

	return n == 0 ? -FDT_ERR_BADNCELLS : n == -FDT_ERR_NOTFOUND ? 2 : n;
}

int rk_fdt_size_cells(const void *dtb, int node)
{
	int n = cells(dtb, node, RK_FDT_P_SIZE_CELLS);

	return n == -FDT_ERR_NOTFOUND ? 1 : n;
}

int rk_fdt_u32_value(const fdt32_t *p, int len, uint32_t *val)
{
	if (!p)
		return len;
	if (len != 4)
		return -FDT_ERR_BADVALUE;
	*val = fdt32_to_cpu(p[0]);
	return 0;
}

int rk_fdt_prop_u32(const void *dtb, int node, const char *name, uint32_t *val)
{
	int len;
	const fdt32_t *p = rk_fdt_prop(dtb, node, name, &len);

	return rk_fdt_u32_value(p, len, val);
}

int rk_fdt_propi_u32(const void *dtb, int node, int id, uint32_t *val)
{
	int len;
	const fdt32_t *p = rk_fdt_propi(dtb, node, id, &len);

	return rk_fdt_u32_value(p, len, val);
}

int rk_fdt_prop_u64(const void *dtb, int node, const char *name, uint64_t *val)
{
	int len;
	const fdt32_t *p = rk_fdt_prop(dtb, node, name, &len);

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
	int cpus = rk_fdt_path(dtb, "/cpus");

	if (cpus < 0) {
		rk_fdt_report(dtb, 0, NULL, "no /cpus node (for timebase-frequency)");
		return cpus;
	}
	if (rk_fdt_prop_u64(dtb, cpus, "timebase-frequency", hz) == 0)
		return judge_timebase(dtb, cpus, *hz);
	/* Some trees carry it per CPU instead: take the first CPU's. */
	for (int cpu = rk_fdt_next_child(dtb, cpus, -1); cpu >= 0;
	     cpu = rk_fdt_next_child(dtb, cpus, cpu)) {
		if (rk_fdt_prop_u64(dtb, cpu, "timebase-frequency", hz) == 0)
			return judge_timebase(dtb, cpu, *hz);
	}
	rk_fdt_report(dtb, cpus, "timebase-frequency", "missing (nor in any cpu node)");
	return -FDT_ERR_NOTFOUND;
}
