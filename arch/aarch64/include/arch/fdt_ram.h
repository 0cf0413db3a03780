/* SPDX-License-Identifier: BSD-2-Clause */
/* RAM of an aarch64 board from its DTB (arch/aarch64/fdt_ram.c). */
#ifndef ARCH_FDT_RAM_H
#define ARCH_FDT_RAM_H

/* Hand the DTB's /memory (less its reserved regions, the image and the
 * DTB) to the page allocator and map all of it: the boot map covers only
 * the GiB of the image and of the DTB. RAM beyond the 39-bit address space
 * is left out, and said. Panics naming board when the DTB has no RAM. */
void aarch64_fdt_ram_init(const void *dtb, const char *board);

#endif
