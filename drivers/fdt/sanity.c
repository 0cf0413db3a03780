/* SPDX-License-Identifier: BSD-2-Clause */
/* Plausibility of a whole DTB, after libfdt found it well formed.
 *
 * libfdt (fdt_check_full) guarantees that every tag, name and property
 * lies inside the blob; it does not judge what the values mean. A tree
 * that passes here has:
 *   - nesting no deeper than RK_FDT_MAX_DEPTH (lookups walk up and down);
 *   - no phandle used by two nodes, and no 0xffffffff phandle (lookups
 *     would find only the first, or none);
 *   - a root whose #address-cells and #size-cells are 1 or 2 (CPU
 *     addresses and sizes are 64-bit; a third cell would be dropped), and
 *     buses with at most 3 address and 2 size cells;
 *   - for every node with "interrupts", an interrupt parent reached in at
 *     most RK_FDT_MAX_IRQ_HOPS steps, with a usable #interrupt-cells, and
 *     a property that is a whole number of specifiers;
 *   - every phandle in "interrupt-parent" and "interrupts-extended"
 *     naming a node.
 * The interrupt checks are compiled only into images that read interrupts
 * from the DTB (CONFIG_FDT_CHECK_INTERRUPTS); rk_fdt_irq bounds every read
 * on its own either way.
 * The first violation is printed as "dtb: <node> <property>: <what>" and
 * the DTB refused. Memory ranges are judged where they are read
 * (memory.c), timebase-frequency by rk_fdt_timebase_frequency. */
#include <stdarg.h>
#include <rumpk/printk.h>
#include "fdt_internal.h"

void rk_fdt_report(const void *dtb, int node, const char *prop, const char *fmt, ...)
{
	char path[128];
	va_list ap;

	/* A path longer than the buffer (deep nesting) is shown by name. */
	if (node < 0)
		rk_snprintf(path, sizeof(path), "memory reservation block");
	else if (fdt_get_path(dtb, node, path, sizeof(path)))
		rk_snprintf(path, sizeof(path), ".../%s", rk_fdt_name(dtb, node));
	printk("dtb: %s%s%s: ", path, prop ? " " : "", prop ? prop : "");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
}

/* #address-cells and #size-cells: the root's describe CPU addresses (1 or
 * 2 cells, 64-bit); a bus below may use up to 3 address cells (PCI's
 * phys.hi, mid, lo) and 2 size cells, or 0 (no addresses). More would be
 * silently cut to 64 bits when read. */
static int check_cells(const void *dtb, const struct rk_fdt_view *v)
{
	static const char *const names[] = { "#address-cells", "#size-cells" };
	static const int ids[] = { RK_FDT_P_ADDRESS_CELLS, RK_FDT_P_SIZE_CELLS };
	const bool root = v->depth == 0;
	const uint32_t lo = root ? 1 : 0, hi[2] = { root ? 2 : 3, 2 };

	for (int i = 0; i < 2; i++) {
		uint32_t n;
		int len;
		const fdt32_t *p = rk_fdt_view_prop(dtb, v, ids[i], &len);
		int err = rk_fdt_u32_value(p, len, &n);
		if (err == -FDT_ERR_NOTFOUND)
			continue; /* the defaults, 2 and 1, are fine */
		if (err) {
			rk_fdt_report(dtb, v->node, names[i], "not one cell long");
			return -FDT_ERR_BADNCELLS;
		}
		if (n < lo || n > hi[i]) {
			rk_fdt_report(dtb, v->node, names[i], "%u (%s take %u to %u cells)", n,
				      root ? "CPU addresses and sizes" : "bus addresses and sizes",
				      lo, hi[i]);
			return -FDT_ERR_BADNCELLS;
		}
	}
	return 0;
}

static int check_phandle(const void *dtb, const struct rk_fdt_view *v)
{
	uint32_t ph = v->phandle;

	if (ph == 0)
		return 0;
	if (ph == (uint32_t)-1) {
		rk_fdt_report(dtb, v->node, "phandle", "0xffffffff is not a valid phandle");
		return -FDT_ERR_BADPHANDLE;
	}
	int first = rk_fdt_by_phandle(dtb, ph);
	if (first != v->node) {
		char other[128];
		if (fdt_get_path(dtb, first, other, sizeof(other)))
			rk_snprintf(other, sizeof(other), "%s", rk_fdt_name(dtb, first));
		rk_fdt_report(dtb, v->node, "phandle", "%#x is also the phandle of %s", ph, other);
		return -FDT_ERR_BADPHANDLE;
	}
	return 0;
}

#ifdef CONFIG_FDT_CHECK_INTERRUPTS
/* The node a phandle cell names, or an error after saying so. */
static int phandle_target(const void *dtb, int node, const char *prop, uint32_t ph)
{
	int target = rk_fdt_by_phandle(dtb, ph);

	if (target < 0)
		rk_fdt_report(dtb, node, prop, "phandle %#x names no node", ph);
	return target;
}

/* The interrupt parent of a node without a usable "interrupt-parent" is
 * found from its tree parent on, so it is the same for all children of
 * one node: on QEMU's aarch64 virt, 32 virtio-mmio slots below the root.
 * The last parent's answer (controller, or error, and its
 * #interrupt-cells) is kept for its next child. */
struct irq_memo {
	int parent; /* -1: nothing kept */
	int ctrl;
	int cells;
};

static int check_interrupts(const void *dtb, const struct rk_fdt_view *v, struct irq_memo *memo)
{
	int len, node = v->node;
	const fdt32_t *p = rk_fdt_view_prop(dtb, v, RK_FDT_P_INTERRUPTS_EXTENDED, &len);

	if (p) {
		const fdt32_t *end = p + len / 4;
		if (len % 4) {
			rk_fdt_report(dtb, node, "interrupts-extended", "%d bytes, not whole cells",
				      len);
			return -FDT_ERR_BADVALUE;
		}
		while (p < end) {
			uint32_t ph = fdt32_to_cpu(*p++);
			int ctrl = phandle_target(dtb, node, "interrupts-extended", ph);
			if (ctrl < 0)
				return ctrl;
			int n = rk_fdt_interrupt_cells(dtb, ctrl);
			if (n < 0) {
				rk_fdt_report(dtb, ctrl, "#interrupt-cells",
					      "missing or not 1 to %d (used by %s)",
					      RK_FDT_IRQ_MAX_CELLS, rk_fdt_name(dtb, node));
				return n;
			}
			if (end - p < n) {
				rk_fdt_report(dtb, node, "interrupts-extended",
					      "specifier for %s cut short (%d of %d cells)",
					      rk_fdt_name(dtb, ctrl), (int)(end - p), n);
				return -FDT_ERR_BADVALUE;
			}
			p += n;
		}
		return 0;
	}

	uint32_t ph;
	p = rk_fdt_view_prop(dtb, v, RK_FDT_P_INTERRUPT_PARENT, &len);
	bool own_parent = rk_fdt_u32_value(p, len, &ph) == 0;
	if (own_parent) {
		int err = phandle_target(dtb, node, "interrupt-parent", ph);
		if (err < 0)
			return err;
	}
	p = rk_fdt_view_prop(dtb, v, RK_FDT_P_INTERRUPTS, &len);
	if (!p)
		return 0;
	int ctrl, n;
	if (!own_parent && v->parent >= 0 && memo->parent == v->parent) {
		ctrl = memo->ctrl;
		n = memo->cells;
	} else {
		ctrl = rk_fdt_interrupt_parent(dtb, node);
		n = ctrl < 0 ? ctrl : rk_fdt_interrupt_cells(dtb, ctrl);
		if (!own_parent)
			*memo = (struct irq_memo){ v->parent, ctrl, n };
	}
	if (ctrl == -FDT_ERR_BADSTRUCTURE) {
		rk_fdt_report(dtb, node, "interrupt-parent",
			      "the chain of interrupt parents loops "
			      "(no controller within %d hops)",
			      RK_FDT_MAX_IRQ_HOPS);
		return ctrl;
	}
	if (ctrl < 0) {
		rk_fdt_report(dtb, node, "interrupts", "no interrupt controller above the node");
		return ctrl;
	}
	if (n < 0) {
		rk_fdt_report(dtb, ctrl, "#interrupt-cells", "missing or not 1 to %d (used by %s)",
			      RK_FDT_IRQ_MAX_CELLS, rk_fdt_name(dtb, node));
		return n;
	}
	if (len == 0 || len % (n * 4)) {
		rk_fdt_report(dtb, node, "interrupts",
			      "%d bytes, not a whole number of %d-cell "
			      "specifiers (#interrupt-cells of %s)",
			      len, n, rk_fdt_name(dtb, ctrl));
		return -FDT_ERR_BADVALUE;
	}
	return 0;
}
#endif

int rk_fdt_check_plausible(const void *dtb)
{
	struct rk_fdt_view v; /* not cleared: images without the index link no memset */
	int err;

	v.node = -1;

	/* Shape and phandles first, for all nodes: the interrupt checks
	 * follow phandles, which must be unique by then. Both passes read
	 * each node's properties once (from the index, in place). */
	while ((err = rk_fdt_view_next(dtb, &v)) == 0) {
		if (v.depth > RK_FDT_MAX_DEPTH) {
			rk_fdt_report(dtb, v.node, NULL, "nested %d levels deep (at most %d)",
				      v.depth, RK_FDT_MAX_DEPTH);
			return -FDT_ERR_BADSTRUCTURE;
		}
		if ((err = check_cells(dtb, &v)) || (err = check_phandle(dtb, &v)))
			return err;
	}
	if (err != -FDT_ERR_NOTFOUND)
		return err;
#ifdef CONFIG_FDT_CHECK_INTERRUPTS
	struct irq_memo memo = { .parent = -1 };
	v.node = -1;
	while ((err = rk_fdt_view_next(dtb, &v)) == 0)
		if ((err = check_interrupts(dtb, &v, &memo)))
			return err;
	return err == -FDT_ERR_NOTFOUND ? 0 : err;
#else
	return 0;
#endif
}
