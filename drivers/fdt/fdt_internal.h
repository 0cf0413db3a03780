/* Shared by the files of drivers/fdt (not a public interface). */
#ifndef RK_FDT_INTERNAL_H
#define RK_FDT_INTERNAL_H

#include "libfdt_env.h" /* before libfdt.h: see the comment in that file */
#include <libfdt.h>
#include <rumpk/fdt.h>

/* Entry 'index' of the node's reg in the parent bus's own address space
 * (no "ranges" translation). 0 or a negative libfdt error. */
int rk_fdt_reg_raw(const void *dtb, int node, int index, uint64_t *base, uint64_t *size);

/* A number of big-endian cells as one value. Addresses wider than 64 bits
 * (PCI's 3 cells) keep their low 64 bits. */
uint64_t rk_fdt_read_cells(const fdt32_t *cells, int n);

#endif
