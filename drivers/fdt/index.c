/* SPDX-License-Identifier: BSD-2-Clause */
/* A node index of the DTB rk_fdt_check last accepted.
 *
 * libfdt answers "which node is compatible with X", "which node has
 * phandle P", "what is the parent of N" by walking the structure block
 * from the start, and boot asks dozens of such questions: on QEMU riscv64
 * virt they cost millions of instructions. One walk after the check
 * records, per node, what those questions look at; the answers then come
 * from this table. Only libfdt's iterators and accessors read the blob
 * here, and every answer must equal libfdt's (test/unit/test_fdt.c
 * compares them); anything the index cannot answer exactly is left to
 * libfdt by returning false. */
#include <stdbool.h>
#include "fdt_internal.h"

/* Nodes indexed. QEMU's virt machines have 30 (riscv64) and 56 (aarch64)
 * nodes with one CPU, boards a few hundred at most; a bigger tree is not
 * indexed at all (libfdt then answers everything, just more slowly).
 * 256 entries are 5 KiB of bss. */
#define MAX_NODES 256
/* Nesting followed: rk_fdt_check refuses deeper trees. */
#define MAX_DEPTH (RK_FDT_MAX_DEPTH + 1) /* libfdt counts the root as 1 */

struct node {
	int offset;         /* libfdt node offset */
	uint32_t phandle;   /* as fdt_get_phandle() gives it: 0 = none */
	uint32_t compat;    /* blob offset of the compatible value, 0 = none */
	int compat_len;
	short parent;       /* entry of the parent, -1 for the root */
	bool enabled;       /* as rk_fdt_is_enabled() */
	bool memory;        /* device_type = "memory" */
};

static struct {
	const void *dtb;    /* the DTB rk_fdt_check last accepted, or NULL */
	int count;          /* entries in node[]; 0 = tree not indexed */
	struct node node[MAX_NODES];
} idx;

/* What the index needs from one node's properties, in one pass over them.
 * libfdt's getters take the first property of a name, so does this. */
static int read_props(const void *dtb, int offset, struct node *n)
{
	const fdt32_t *phandle = NULL, *linux_phandle = NULL;
	int phandle_len = 0, linux_phandle_len = 0;
	bool seen_compat = false, seen_status = false, seen_type = false;
	int prop;

	n->enabled = true;
	fdt_for_each_property_offset(prop, dtb, offset) {
		const char *name;
		int len;
		const char *val = fdt_getprop_by_offset(dtb, prop, &name, &len);

		if (!val)
			return len;
		if (!seen_compat && !strcmp(name, "compatible")) {
			seen_compat = true;
			n->compat = (uint32_t)(val - (const char *)dtb);
			n->compat_len = len;
		} else if (!seen_status && !strcmp(name, "status")) {
			seen_status = true;
			n->enabled = rk_fdt_status_okay(val, len);
		} else if (!seen_type && !strcmp(name, "device_type")) {
			seen_type = true;
			n->memory = len == 7 && !memcmp(val, "memory", 7);
		} else if (!phandle && !strcmp(name, "phandle")) {
			phandle = (const fdt32_t *)val;
			phandle_len = len;
		} else if (!linux_phandle && !strcmp(name, "linux,phandle")) {
			linux_phandle = (const fdt32_t *)val;
			linux_phandle_len = len;
		}
	}
	if (prop != -FDT_ERR_NOTFOUND)
		return prop;
	/* fdt_get_phandle()'s rule: "phandle" if one cell long, else an
	 * old-style "linux,phandle" if one cell long, else none. */
	if (phandle && phandle_len == 4)
		n->phandle = fdt32_to_cpu(*phandle);
	else if (linux_phandle && linux_phandle_len == 4)
		n->phandle = fdt32_to_cpu(*linux_phandle);
	return 0;
}

static bool build(const void *dtb)
{
	/* The entry of the latest node seen at each depth: in a depth-first
	 * walk, that is the parent of the next node one level deeper (and
	 * fdt_next_node goes down one level at a time, so it is set). */
	short at_depth[MAX_DEPTH];
	int depth = 0, offset = -1;

	idx.count = 0;
	/* Depth counts from 0 before the root, so the root is at depth 1 and
	 * fdt_next_node ends with -FDT_ERR_NOTFOUND after it. */
	while ((offset = fdt_next_node(dtb, offset, &depth)) >= 0) {
		if (idx.count == MAX_NODES || depth < 1 || depth > MAX_DEPTH)
			return false;
		struct node *n = &idx.node[idx.count];
		*n = (struct node){ .offset = offset, .parent = depth > 1 ? at_depth[depth - 2] : -1 };
		if (read_props(dtb, offset, n))
			return false;
		at_depth[depth - 1] = (short)idx.count++;
	}
	return offset == -FDT_ERR_NOTFOUND;
}

void rk_fdt_index_build(const void *dtb)
{
	idx.dtb = dtb;
	if (!build(dtb))
		idx.count = 0;
}

void rk_fdt_index_drop(void)
{
	idx.dtb = NULL;
	idx.count = 0;
}

bool rk_fdt_index_accepted(const void *dtb)
{
	return dtb && dtb == idx.dtb;
}

/* The entry of node offset 'offset', or -1. Entries are in offset order. */
static int find(int offset)
{
	int lo = 0, hi = idx.count - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (idx.node[mid].offset == offset)
			return mid;
		if (idx.node[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The entry 'after' starts a search from, as fdt_next_node(after) would:
 * -1 means from the root. False for what the index cannot place (libfdt
 * then gives its own answer, an error for a non-node offset). */
static bool start_after(const void *dtb, int after, int *entry)
{
	if (dtb != idx.dtb || idx.count == 0)
		return false;
	*entry = after == -1 ? 0 : find(after) + 1;
	return *entry > 0 || after == -1;
}

bool rk_fdt_index_compatible(const void *dtb, int after, const char *compat, bool enabled,
			     int *node)
{
	int i;

	if (!start_after(dtb, after, &i))
		return false;
	for (*node = -FDT_ERR_NOTFOUND; i < idx.count; i++) {
		const struct node *n = &idx.node[i];
		if (n->compat && (n->enabled || !enabled) &&
		    fdt_stringlist_contains((const char *)dtb + n->compat, n->compat_len, compat)) {
			*node = n->offset;
			break;
		}
	}
	return true;
}

bool rk_fdt_index_memory(const void *dtb, int after, int *node)
{
	int i;

	if (!start_after(dtb, after, &i))
		return false;
	for (*node = -FDT_ERR_NOTFOUND; i < idx.count; i++) {
		if (idx.node[i].memory) {
			*node = idx.node[i].offset;
			break;
		}
	}
	return true;
}

bool rk_fdt_index_phandle(const void *dtb, uint32_t phandle, int *node)
{
	/* 0 and ~0 are libfdt's "invalid phandle" answers: leave them to it. */
	if (dtb != idx.dtb || idx.count == 0 || phandle == 0 || phandle == ~0u)
		return false;
	*node = -FDT_ERR_NOTFOUND;
	for (int i = 0; i < idx.count; i++) {
		if (idx.node[i].phandle == phandle) {
			*node = idx.node[i].offset;
			break;
		}
	}
	return true;
}

bool rk_fdt_index_parent(const void *dtb, int node, int *parent)
{
	int i = dtb == idx.dtb ? find(node) : -1;

	if (i < 0)
		return false;
	int p = idx.node[i].parent;
	*parent = p < 0 ? -FDT_ERR_NOTFOUND : idx.node[p].offset;
	return true;
}

bool rk_fdt_index_enabled(const void *dtb, int node, int *enabled)
{
	int i = dtb == idx.dtb ? find(node) : -1;

	if (i < 0)
		return false;
	*enabled = idx.node[i].enabled;
	return true;
}
