/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the files of drivers/fdt (not a public interface). */
#ifndef RK_FDT_INTERNAL_H
#define RK_FDT_INTERNAL_H

#include <stdbool.h>
#include "libfdt_env.h" /* before libfdt.h: see the comment in that file */
#include <libfdt.h>
#include <rumpk/fdt.h>

/* Entry 'index' of the node's reg in the parent bus's own address space
 * (no "ranges" translation). 0 or a negative libfdt error. */
int rk_fdt_reg_raw(const void *dtb, int node, int index, uint64_t *base, uint64_t *size);

/* A number of big-endian cells as one value. Addresses wider than 64 bits
 * (PCI's 3 cells) keep their low 64 bits. */
uint64_t rk_fdt_read_cells(const fdt32_t *cells, int n);

/* Deepest nesting below the root a DTB may have (real trees: under 10). */
#define RK_FDT_MAX_DEPTH 32
/* Longest chain of interrupt parents followed: breaks phandle cycles. */
#define RK_FDT_MAX_IRQ_HOPS 16

/* sanity.c: the tree-wide plausibility checks of rk_fdt_check (see there);
 * 0 or a negative error after a "dtb: <node> <property>: <what>" line. */
int rk_fdt_check_plausible(const void *dtb);

/* irq.c: the #interrupt-cells of a controller (1..RK_FDT_IRQ_MAX_CELLS) and
 * the interrupt parent of a node (-FDT_ERR_BADSTRUCTURE: the chain loops),
 * or a negative error. */
int rk_fdt_interrupt_cells(const void *dtb, int ctrl);
int rk_fdt_interrupt_parent(const void *dtb, int node);

/* fdt_path_offset_namelen, from the index for an absolute path. */
int rk_fdt_path_namelen(const void *dtb, const char *path, int len);

/* A status value that means enabled ("okay", or the older "ok"). */
bool rk_fdt_status_okay(const char *status, int len);

/* libfdt's answers, from the index when dtb is the indexed DTB (as
 * rk_fdt_parent and rk_fdt_by_phandle in rumpk/fdt.h): the next
 * device_type = "memory" node after 'after' (-1: from the start), and
 * #address-cells and #size-cells (fdt_address_cells, fdt_size_cells: the
 * defaults 2 and 1, or -FDT_ERR_BADNCELLS). The whole tree node by node:
 * rk_fdt_view_next below. */
int rk_fdt_next_memory(const void *dtb, int after);
int rk_fdt_address_cells(const void *dtb, int node);
int rk_fdt_size_cells(const void *dtb, int node);
/* (rk_fdt_next_child, from the index too, is in rumpk/fdt.h.) */

/* The properties the index keeps per node (the ones boot asks for). */
enum {
	RK_FDT_P_COMPATIBLE,
	RK_FDT_P_STATUS,
	RK_FDT_P_DEVICE_TYPE,
	RK_FDT_P_PHANDLE,
	RK_FDT_P_LINUX_PHANDLE,
	RK_FDT_P_ADDRESS_CELLS,
	RK_FDT_P_SIZE_CELLS,
	RK_FDT_P_INTERRUPT_CELLS,
	RK_FDT_P_INTERRUPT_PARENT,
	RK_FDT_P_INTERRUPTS,
	RK_FDT_P_INTERRUPTS_EXTENDED,
	RK_FDT_P_REG,
	RK_FDT_P_RANGES,
	RK_FDT_NPROPS
};

/* One node's RK_FDT_P_* properties: value is the blob offset of the
 * first property of that name (a value never lies at offset 0, the
 * header), 0 when the node has none; len its length. */
struct rk_fdt_cached {
	uint32_t value;
	int len;
};

/* A node with its cached properties, for reading the whole tree node by
 * node (sanity.c): from the index's entries in order, without an offset
 * lookup per question, or else from one walk of the node's properties
 * through libfdt (into buf). Start with node = -1. */
struct rk_fdt_view {
	int node;        /* libfdt node offset */
	int depth;       /* the root is 0 */
	int parent;      /* the parent's offset; -1 for the root, or not known */
	uint32_t phandle; /* as fdt_get_phandle() */
	const struct rk_fdt_cached *prop; /* RK_FDT_NPROPS of them */
	int entry;       /* the index's entry (index.c's own) */
	struct rk_fdt_cached buf[RK_FDT_NPROPS];
};

/* The node after v->node in tree order into v: 0, -FDT_ERR_NOTFOUND
 * after the last node, or another libfdt error. */
int rk_fdt_view_next(const void *dtb, struct rk_fdt_view *v);

/* Property RK_FDT_P_<id> of the node in v, as rk_fdt_propi gives it
 * (inline: a few instructions, asked for five times per node). */
static inline __attribute__((always_inline)) const void *
rk_fdt_view_prop(const void *dtb, const struct rk_fdt_view *v, int id, int *len)
{
	const struct rk_fdt_cached *c = &v->prop[id];

	*len = c->value ? c->len : -FDT_ERR_NOTFOUND;
	return c->value ? (const char *)dtb + c->value : NULL;
}

/* A property's value (p, len as fdt_getprop gives them) as one cell: 0,
 * len when p is NULL, or -FDT_ERR_BADVALUE when it is not 4 bytes. */
int rk_fdt_u32_value(const fdt32_t *p, int len, uint32_t *val);

/* The RK_FDT_P_* property named 'name', or -1; and the names. */
int rk_fdt_prop_id(const char *name);
extern const char *const rk_fdt_prop_names[RK_FDT_NPROPS];
/* rk_fdt_prop and rk_fdt_prop_u32 of property RK_FDT_P_<id>: no name to
 * compare when the index answers. */
const void *rk_fdt_propi(const void *dtb, int node, int id, int *len);
int rk_fdt_propi_u32(const void *dtb, int node, int id, uint32_t *val);

#ifdef CONFIG_FDT_INDEX
/* index.c: the node index of the DTB rk_fdt_check last accepted. build
 * records dtb as accepted (it must have passed rk_fdt_check's header
 * and alignment checks) and
 * indexes it: true when its walk found the structure block sound (it
 * accepts nothing fdt_check_full refuses) and the tree fits the index;
 * false leaves it unindexed, and fdt_check_full must judge it. drop
 * forgets both.
 * The lookups return false when they cannot answer exactly as libfdt would
 * (another DTB, a tree too big to index, an offset that is not a node, a
 * property the index does not keep): the caller asks libfdt then.
 * Otherwise the answer is in the last arguments, equal to libfdt's
 * (rk_fdt_index_prop: fdt_getprop's value and length of the RK_FDT_P_*
 * property id; name: fdt_get_name's; path: fdt_path_offset_namelen's
 * of an absolute path). */
bool rk_fdt_index_build(const void *dtb);
void rk_fdt_index_drop(void);
bool rk_fdt_index_accepted(const void *dtb);
bool rk_fdt_index_compatible(const void *dtb, int after, const char *compat, bool enabled,
			     int *node);
bool rk_fdt_index_memory(const void *dtb, int after, int *node);
bool rk_fdt_index_phandle(const void *dtb, uint32_t phandle, int *node);
bool rk_fdt_index_parent(const void *dtb, int node, int *parent);
bool rk_fdt_index_enabled(const void *dtb, int node, int *enabled);
bool rk_fdt_index_prop(const void *dtb, int node, int id, const void **val, int *len);
bool rk_fdt_index_path(const void *dtb, const char *path, size_t len, int *node);
bool rk_fdt_index_name(const void *dtb, int node, const char **name);
bool rk_fdt_index_next_child(const void *dtb, int parent, int after, int *child);
/* rk_fdt_view_next's answer from the index (the properties in place). */
bool rk_fdt_index_view_next(const void *dtb, struct rk_fdt_view *v, int *err);
#else
/* Without the index (CONFIG_FDT_INDEX off: an image that asks the DTB a
 * handful of questions, like a device-tree-driven hello), libfdt answers
 * every lookup and checks the structure block (build returns false, so
 * rk_fdt_check runs fdt_check_full); only which DTB rk_fdt_check accepted
 * is remembered, so that it is checked once. */
extern const void *rk_fdt_accepted; /* fdt.c */
static inline bool rk_fdt_index_build(const void *dtb) { rk_fdt_accepted = dtb; return false; }
static inline void rk_fdt_index_drop(void) { rk_fdt_accepted = NULL; }
static inline bool rk_fdt_index_accepted(const void *dtb) { return dtb && dtb == rk_fdt_accepted; }
static inline bool rk_fdt_index_compatible(const void *dtb, int after, const char *compat,
					   bool enabled, int *node) { return false; }
static inline bool rk_fdt_index_memory(const void *dtb, int after, int *node) { return false; }
static inline bool rk_fdt_index_phandle(const void *dtb, uint32_t phandle, int *node) { return false; }
static inline bool rk_fdt_index_parent(const void *dtb, int node, int *parent) { return false; }
static inline bool rk_fdt_index_enabled(const void *dtb, int node, int *enabled) { return false; }
static inline bool rk_fdt_index_prop(const void *dtb, int node, int id, const void **val,
				     int *len) { return false; }
static inline bool rk_fdt_index_name(const void *dtb, int node, const char **name) { return false; }
static inline bool rk_fdt_index_path(const void *dtb, const char *path, size_t len,
				     int *node) { return false; }
static inline bool rk_fdt_index_next_child(const void *dtb, int parent, int after,
					   int *child) { return false; }
static inline bool rk_fdt_index_view_next(const void *dtb, struct rk_fdt_view *v,
					  int *err) { return false; }
#endif

#endif
