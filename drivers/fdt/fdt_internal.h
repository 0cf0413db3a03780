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

/* A status value that means enabled ("okay", or the older "ok"). */
bool rk_fdt_status_okay(const char *status, int len);

/* libfdt's answer, from the index when dtb is the indexed DTB: the next
 * device_type = "memory" node after 'after' (-1: from the start).
 * (rk_fdt_parent and rk_fdt_by_phandle, alike, are in rumpk/fdt.h.) */
int rk_fdt_next_memory(const void *dtb, int after);

#ifdef CONFIG_FDT_INDEX
/* index.c: the node index of the DTB rk_fdt_check last accepted. build
 * records dtb as accepted and indexes it (if it fits); drop forgets both.
 * The lookups return false when they cannot answer exactly as libfdt would
 * (another DTB, a tree too big to index, an offset that is not a node):
 * the caller asks libfdt then. Otherwise the answer is in the last
 * argument, equal to libfdt's. */
void rk_fdt_index_build(const void *dtb);
void rk_fdt_index_drop(void);
bool rk_fdt_index_accepted(const void *dtb);
bool rk_fdt_index_compatible(const void *dtb, int after, const char *compat, bool enabled,
			     int *node);
bool rk_fdt_index_memory(const void *dtb, int after, int *node);
bool rk_fdt_index_phandle(const void *dtb, uint32_t phandle, int *node);
bool rk_fdt_index_parent(const void *dtb, int node, int *parent);
bool rk_fdt_index_enabled(const void *dtb, int node, int *enabled);
#else
/* Without the index (CONFIG_FDT_INDEX off: an image that asks the DTB a
 * handful of questions, like a device-tree-driven hello), libfdt answers
 * every lookup; only which DTB rk_fdt_check accepted is remembered, so that
 * it is checked once. */
extern const void *rk_fdt_accepted; /* fdt.c */
static inline void rk_fdt_index_build(const void *dtb) { rk_fdt_accepted = dtb; }
static inline void rk_fdt_index_drop(void) { rk_fdt_accepted = NULL; }
static inline bool rk_fdt_index_accepted(const void *dtb) { return dtb && dtb == rk_fdt_accepted; }
static inline bool rk_fdt_index_compatible(const void *dtb, int after, const char *compat,
					   bool enabled, int *node) { return false; }
static inline bool rk_fdt_index_memory(const void *dtb, int after, int *node) { return false; }
static inline bool rk_fdt_index_phandle(const void *dtb, uint32_t phandle, int *node) { return false; }
static inline bool rk_fdt_index_parent(const void *dtb, int node, int *parent) { return false; }
static inline bool rk_fdt_index_enabled(const void *dtb, int node, int *enabled) { return false; }
#endif

#endif
