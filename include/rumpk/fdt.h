/* SPDX-License-Identifier: BSD-2-Clause */
/* Flattened device tree (DTB) helpers over libfdt.
 *
 * Nodes are libfdt node offsets (int, >= 0); functions that can fail return
 * a negative libfdt error code (-FDT_ERR_*), which rk_fdt_strerror() names.
 * Every helper bounds-checks through libfdt, so a corrupt tree yields an
 * error, never a wild read; rk_fdt_check() is still the gate a boot DTB must
 * pass first, since it also rejects trees that are merely implausible.
 * Addresses and sizes are 64-bit whatever the #address-cells/#size-cells. */
#ifndef RUMPK_FDT_H
#define RUMPK_FDT_H

#include <stddef.h>
#include <stdint.h>

/* Largest DTB accepted. Real ones are a few KiB to a few hundred; a header
 * claiming more is corrupt (Linux/arm64 uses the same 2 MiB bound). */
#define RK_FDT_MAX_SIZE (2u << 20)

/* Validate the DTB at dtb: 8-byte alignment, header, totalsize within
 * RK_FDT_MAX_SIZE and within bufsize (0 = the buffer size is unknown), and a
 * walk of the whole structure block. Returns 0, or a negative error after
 * printing "fdt: refusing DTB at <addr>: <reason>".
 * An accepted DTB is also indexed, so that node lookups on it (compatible,
 * phandle, parent, memory nodes) need not walk the tree each time; only
 * the last DTB accepted is. It must then stay unchanged (and allocated)
 * while it is used: a DTB changed in place must be checked again. */
int rk_fdt_check(const void *dtb, size_t bufsize);
/* rk_fdt_check(dtb, 0), or 0 at once when dtb is the DTB it last accepted
 * (boot's later stages: the early console's check has walked it already,
 * and nothing in between writes it). */
int rk_fdt_check_once(const void *dtb);
/* Print "dtb: <node path> <prop>: <what>" (node < 0: the header's memory
 * reservation block), the one form of every complaint about DTB values, so
 * that a refused boot input is named. prop may be NULL. */
void rk_fdt_report(const void *dtb, int node, const char *prop, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Highest physical address any supported CPU can have (RISC-V: 56 bits;
 * Arm: 52): a memory or reserved range reaching beyond it is implausible. */
#define RK_FDT_PHYS_LIMIT (1ull << 56)

/* totalsize from the header of a DTB that passed rk_fdt_check. */
size_t rk_fdt_size(const void *dtb);
const char *rk_fdt_strerror(int err);

/* Called once per range found; name is the node name (or "memreserve"),
 * valid as long as the DTB is. */
typedef void (*rk_fdt_range_fn)(uint64_t base, uint64_t size, const char *name, void *arg);

/* Every reg range of the enabled device_type = "memory" nodes. Returns the
 * number of ranges, or a negative error. Ranges of size 0 are left out; a
 * range that wraps past 2^64 or ends above RK_FDT_PHYS_LIMIT is an error
 * (-FDT_ERR_BADVALUE). The same holds for rk_fdt_foreach_reserved. */
int rk_fdt_foreach_memory(const void *dtb, rk_fdt_range_fn fn, void *arg);
/* Every range that must not be used as RAM: the header's memory reservation
 * block, then the reg ranges of enabled /reserved-memory children.
 * Returns the number of ranges, or a negative error. */
int rk_fdt_foreach_reserved(const void *dtb, rk_fdt_range_fn fn, void *arg);

/* Boot: check the DTB (unless it is the one rk_fdt_check last accepted),
 * then hand its RAM to rk_mem_add_ram() and its reservations and the DTB
 * blob itself to rk_mem_reserve(). Every range is judged first and named
 * when it is not plausible (rk_fdt_report): size 0 and reservations
 * outside RAM are ignored, said so; wrapping or beyond-physical ranges
 * refuse the whole layout (an error, nothing added). With
 * CONFIG_INITRD_BOOTLOADER it also reports the /chosen initrd (if any) to
 * rk_boot_initrd_found(), which checks and reserves it. Returns the
 * number of RAM ranges, or a negative error (nothing was added then). */
int rk_fdt_scan_memory(const void *dtb);

/* The initrd a boot loader described in /chosen: linux,initrd-start and
 * linux,initrd-end, each one cell (QEMU riscv64) or two (QEMU aarch64,
 * U-Boot), end exclusive. 0 with both set; -FDT_ERR_NOTFOUND when neither
 * property is there; -FDT_ERR_BADVALUE when only one is, or one is not 4
 * or 8 bytes long. The range itself is not judged here. */
int rk_fdt_initrd(const void *dtb, uint64_t *start, uint64_t *end);

/* Nodes. */
int rk_fdt_path(const void *dtb, const char *path);
/* The children of parent, in tree order: the first with prev = -1, then
 * the one after prev; a negative error after the last. Loop with
 *     for (c = rk_fdt_next_child(d, p, -1); c >= 0; c = rk_fdt_next_child(d, p, c)) */
int rk_fdt_next_child(const void *dtb, int parent, int prev);
/* The next node after 'after' (-1: from the start) whose compatible list
 * holds compat; -FDT_ERR_NOTFOUND when there is none. Loop over all with
 *     for (n = rk_fdt_compatible(d, -1, c); n >= 0; n = rk_fdt_compatible(d, n, c)) */
int rk_fdt_compatible(const void *dtb, int after, const char *compat);
/* Like rk_fdt_compatible, skipping nodes whose status is not "okay". */
int rk_fdt_compatible_enabled(const void *dtb, int after, const char *compat);
/* True unless the node has a status property other than "okay"/"ok". */
int rk_fdt_is_enabled(const void *dtb, int node);
const char *rk_fdt_name(const void *dtb, int node);
/* The parent node (-FDT_ERR_NOTFOUND for the root); the node with a
 * phandle (a syscon's regmap, an interrupt parent). */
int rk_fdt_parent(const void *dtb, int node);
int rk_fdt_by_phandle(const void *dtb, uint32_t phandle);

/* Properties. */
const void *rk_fdt_prop(const void *dtb, int node, const char *name, int *len);
/* A one-cell (u32) or two-cell (u64) property. 0 or a negative error. */
int rk_fdt_prop_u32(const void *dtb, int node, const char *name, uint32_t *val);
int rk_fdt_prop_u64(const void *dtb, int node, const char *name, uint64_t *val);

/* Entry 'index' of the node's reg, translated through the "ranges" of every
 * bus above it into a CPU physical address. 0 or a negative error
 * (-FDT_ERR_NOTFOUND past the last entry). */
int rk_fdt_reg(const void *dtb, int node, int index, uint64_t *base, uint64_t *size);
/* Translate *addr from the child address space of node 'bus' into a CPU
 * physical address, through the "ranges" of bus and every bus above it
 * (empty ranges: identity). 0 or a negative error (-FDT_ERR_NOTFOUND when
 * a bus has no ranges or no window holds the address). */
int rk_fdt_translate(const void *dtb, int bus, uint64_t *addr);

/* Interrupt 'index' of a node, from "interrupts-extended" or from
 * "interrupts" + the interrupt-parent found up the tree. The cells are as
 * the controller defines them (PLIC: 1 cell, the source number; GIC: 3
 * cells, type/number/flags): the irqchip driver interprets them. */
#define RK_FDT_IRQ_MAX_CELLS 4
struct rk_fdt_irq {
	int controller; /* node of the interrupt controller */
	int ncells;
	uint32_t cells[RK_FDT_IRQ_MAX_CELLS];
};
int rk_fdt_irq(const void *dtb, int node, int index, struct rk_fdt_irq *irq);
/* An interrupt specifier of the kernel's interrupt controller as the rk_irq
 * number its driver uses (GIC: the INTID, which also records the trigger;
 * PLIC: the source id), asked of the registered irqchip (its xlate). 0 when
 * it is not understood or no controller registered yet. */
unsigned rk_fdt_irq_number(const uint32_t *cells, int ncells);

/* /cpus timebase-frequency (or the first cpu node's), in Hz. */
int rk_fdt_timebase_frequency(const void *dtb, uint64_t *hz);

/* --- Discovery: which node is the console, which nodes can power off ------
 * drivers/fdt/discover.c, portable (host tests run it over QEMU's and real
 * boards' DTBs). What the image can drive is the caller's answer: a
 * function that says whether a driver of the image matches a node. */
typedef int (*rk_fdt_match_fn)(const void *dtb, int node, void *arg);

struct rk_fdt_console {
	int node;        /* the node to use as the console, or a negative error: none */
	int stdout_node; /* the node /chosen/stdout-path names, or a negative error:
			  * -FDT_ERR_NOTFOUND (no stdout-path), -FDT_ERR_BADPATH (names none) */
	const char *path; /* the stdout-path value, or NULL */
	int pathlen;      /* length of its node part (before the ':' of the options) */
	uint32_t baud;    /* from the options ("115200n8"), 0 when there are none */
};

/* The console: the node /chosen/stdout-path (or linux,stdout-path) names,
 * an alias ("serial0") resolved and ":115200n8" options stripped, when it
 * is enabled and supported(); otherwise the first enabled node, in tree
 * order, that supported() accepts (fallback, reported). Returns c->node. */
int rk_fdt_console_find(const void *dtb, rk_fdt_match_fn supported, void *arg,
			struct rk_fdt_console *c);
/* Say what was not used and why, once a console exists to print it on:
 * "console: /soc/serial@10010000 (compatible sifive,uart0): no driver in
 * this image; using /soc/serial@10000000". Nothing when the stdout-path
 * node is the console. */
void rk_fdt_console_report(const void *dtb, const struct rk_fdt_console *c);
/* The line speed a console driver should set on node: the stdout-path
 * options' when node is the stdout-path node, else its current-speed
 * property; 0 when neither says (keep what the firmware set). */
uint32_t rk_fdt_console_baud(const void *dtb, int node);

/* Called for each enabled node that describes a way to power the machine
 * off (sifive,test0/1, syscon-poweroff, gpio-poweroff, PSCI), in tree
 * order, with the compatible string that made it one. Returns how many. */
typedef void (*rk_fdt_node_fn)(const void *dtb, int node, const char *compat, void *arg);
int rk_fdt_foreach_poweroff(const void *dtb, rk_fdt_node_fn fn, void *arg);
/* A node's path for messages ("/soc/serial@10000000"; ".../name" when it
 * does not fit in len). */
const char *rk_fdt_node_path(const void *dtb, int node, char *buf, int len);

#endif
