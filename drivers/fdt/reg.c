/* SPDX-License-Identifier: BSD-2-Clause */
/* "reg" decoding and bus address translation through "ranges".
 *
 * A node's reg is expressed in its parent bus's address space, sized by the
 * parent's #address-cells/#size-cells. Each bus on the way up to the root
 * maps its child addresses into its own parent's space with "ranges":
 * empty means identity, absent means the bus is not memory-mapped at all. */
#include "fdt_internal.h"

uint64_t rk_fdt_read_cells(const fdt32_t *cells, int n)
{
	uint64_t v = 0;

	for (int i = n > 2 ? n - 2 : 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(cells[i]);
	return v;
}

/* #address-cells and #size-cells that a bus gives its children. */
static int bus_cells(const void *dtb, int bus, int *na, int *ns)
{
	*na = rk_fdt_address_cells(dtb, bus);
	if (*na < 0)
		return *na;
	*ns = rk_fdt_size_cells(dtb, bus);
	if (*ns < 0)
		return *ns;
	return 0;
}

int rk_fdt_reg_raw(const void *dtb, int node, int index, uint64_t *base, uint64_t *size)
{
	int bus = rk_fdt_parent(dtb, node);
	if (bus < 0)
		return bus; /* the root has no reg */
	int na, ns, err = bus_cells(dtb, bus, &na, &ns);
	if (err)
		return err;
	if (na == 0)
		return -FDT_ERR_BADNCELLS; /* the bus has no addresses */

	int len;
	const fdt32_t *reg = rk_fdt_propi(dtb, node, RK_FDT_P_REG, &len);
	if (!reg)
		return len;
	int entry = (na + ns) * 4;
	if (len % entry)
		return -FDT_ERR_BADVALUE;
	if (index < 0 || index >= len / entry)
		return -FDT_ERR_NOTFOUND;
	reg += index * (na + ns);
	*base = rk_fdt_read_cells(reg, na);
	*size = ns ? rk_fdt_read_cells(reg + na, ns) : 0;
	return 0;
}

/* Map addr from the child space of 'bus' to the child space of its parent. */
static int translate_one(const void *dtb, int bus, int up, uint64_t *addr)
{
	int len;
	const fdt32_t *r = rk_fdt_propi(dtb, bus, RK_FDT_P_RANGES, &len);

	if (!r)
		return -FDT_ERR_NOTFOUND; /* not mapped into the CPU's space */
	if (len == 0)
		return 0; /* identity */

	int ca, cs, pa, pns, err;
	if ((err = bus_cells(dtb, bus, &ca, &cs)) || (err = bus_cells(dtb, up, &pa, &pns)))
		return err;
	int cells = ca + pa + cs;
	if (cells == 0 || len % (cells * 4))
		return -FDT_ERR_BADVALUE;
	for (int i = 0; i < len / (cells * 4); i++, r += cells) {
		uint64_t child = rk_fdt_read_cells(r, ca);
		uint64_t parent = rk_fdt_read_cells(r + ca, pa);
		uint64_t span = rk_fdt_read_cells(r + ca + pa, cs);
		if (*addr >= child && *addr - child < span) {
			*addr = parent + (*addr - child);
			return 0;
		}
	}
	return -FDT_ERR_NOTFOUND; /* outside every window of the bus */
}

int rk_fdt_translate(const void *dtb, int bus, uint64_t *addr)
{
	/* Parents sit at lower offsets, so the walk up always ends. */
	while (bus > 0) { /* the root (offset 0) is the CPU's address space */
		int up = rk_fdt_parent(dtb, bus), err;
		if (up < 0)
			return up;
		if ((err = translate_one(dtb, bus, up, addr)))
			return err;
		bus = up;
	}
	return bus < 0 ? bus : 0;
}

int rk_fdt_reg(const void *dtb, int node, int index, uint64_t *base, uint64_t *size)
{
	int err = rk_fdt_reg_raw(dtb, node, index, base, size);
	if (err)
		return err;
	if ((err = rk_fdt_translate(dtb, rk_fdt_parent(dtb, node), base)))
		return err;
	/* A device window that wraps would make every bounds check on it
	 * (base + offset < base + size) lie. */
	if (*size && *size - 1 > UINT64_MAX - *base) {
		rk_fdt_report(dtb, node, "reg", "entry %d: base %#llx + size %#llx wraps past 2^64",
			      index, (unsigned long long)*base, (unsigned long long)*size);
		return -FDT_ERR_BADVALUE;
	}
	return 0;
}
