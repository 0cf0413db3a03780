/* SPDX-License-Identifier: BSD-2-Clause */
/* The Xen PVH boot protocol's start info (xen/include/public/arch-x86/
 * hvm/start_info.h): what QEMU's -kernel loader passes in ebx. */
#ifndef ARCH_PVH_H
#define ARCH_PVH_H

#include <stdint.h>

struct hvm_start_info {
	uint32_t magic; /* X86_PVH_MAGIC */
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr; /* struct hvm_modlist_entry[nr_modules] */
	uint64_t cmdline_paddr; /* NUL-terminated, or 0 */
	uint64_t rsdp_paddr;    /* ACPI RSDP, or 0 */
	/* version >= 1 */
	uint64_t memmap_paddr;  /* struct hvm_memmap_table_entry[memmap_entries] */
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

/* Types as in the E820 map. */
#define HVM_MEMMAP_RAM 1
#define HVM_MEMMAP_RESERVED 2
#define HVM_MEMMAP_ACPI 3
#define HVM_MEMMAP_NVS 4

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

#endif
