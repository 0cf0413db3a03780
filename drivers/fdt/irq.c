/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupt specifiers: which controller, and the cells it defines.
 *
 * "interrupts-extended" names the controller per entry (phandle + cells).
 * Plain "interrupts" uses the node's interrupt parent: the phandle in the
 * nearest "interrupt-parent" on the way up the tree, or else the tree
 * parent, until a node with #interrupt-cells is reached. Interrupt nexus
 * nodes (interrupt-map, used by PCI) are not followed. */
#include "fdt_internal.h"

int rk_fdt_interrupt_cells(const void *dtb, int ctrl)
{
	uint32_t n;
	int err = rk_fdt_propi_u32(dtb, ctrl, RK_FDT_P_INTERRUPT_CELLS, &n);

	if (err)
		return err;
	if (n < 1 || n > RK_FDT_IRQ_MAX_CELLS)
		return -FDT_ERR_BADNCELLS;
	return (int)n;
}

int rk_fdt_interrupt_parent(const void *dtb, int node)
{
	for (int hop = 0; hop < RK_FDT_MAX_IRQ_HOPS; hop++) {
		uint32_t ph;
		if (rk_fdt_propi_u32(dtb, node, RK_FDT_P_INTERRUPT_PARENT, &ph) == 0)
			node = rk_fdt_by_phandle(dtb, ph);
		else
			node = rk_fdt_parent(dtb, node);
		if (node < 0)
			return node;
		if (rk_fdt_propi(dtb, node, RK_FDT_P_INTERRUPT_CELLS, NULL))
			return node;
	}
	return -FDT_ERR_BADSTRUCTURE;
}

static int fill(struct rk_fdt_irq *irq, int ctrl, int n, const fdt32_t *cells)
{
	irq->controller = ctrl;
	irq->ncells = n;
	for (int i = 0; i < n; i++)
		irq->cells[i] = fdt32_to_cpu(cells[i]);
	return 0;
}

static int from_extended(const void *dtb, const fdt32_t *p, int len, int index,
			 struct rk_fdt_irq *irq)
{
	const fdt32_t *end = p + len / 4;

	for (int i = 0; p < end; i++) {
		int ctrl = rk_fdt_by_phandle(dtb, fdt32_to_cpu(*p++));
		if (ctrl < 0)
			return ctrl;
		int n = rk_fdt_interrupt_cells(dtb, ctrl);
		if (n < 0)
			return n;
		if (end - p < n)
			return -FDT_ERR_BADVALUE;
		if (i == index)
			return fill(irq, ctrl, n, p);
		p += n;
	}
	return -FDT_ERR_NOTFOUND;
}

int rk_fdt_irq(const void *dtb, int node, int index, struct rk_fdt_irq *irq)
{
	int len;
	const fdt32_t *p = rk_fdt_propi(dtb, node, RK_FDT_P_INTERRUPTS_EXTENDED, &len);

	if (p)
		return from_extended(dtb, p, len, index, irq);
	p = rk_fdt_propi(dtb, node, RK_FDT_P_INTERRUPTS, &len);
	if (!p)
		return len;
	int ctrl = rk_fdt_interrupt_parent(dtb, node);
	if (ctrl < 0)
		return ctrl;
	int n = rk_fdt_interrupt_cells(dtb, ctrl);
	if (n < 0)
		return n;
	if (len % (n * 4))
		return -FDT_ERR_BADVALUE;
	if (index < 0 || index >= len / (n * 4))
		return -FDT_ERR_NOTFOUND;
	return fill(irq, ctrl, n, p + index * n);
}

