/* SPDX-License-Identifier: BSD-2-Clause */
/* PVH start info value checks (pvh_check.c); used by platform.c. */
#ifndef PVH_CHECK_H
#define PVH_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Page 0 is never mapped: no table or string can start there. */
#define PVH_LOWEST_TABLE 0x1000ull
/* x86-64 physical addresses have at most 52 bits. */
#define PVH_PHYS_LIMIT (1ull << 52)
/* More than a real firmware writes (QEMU: 3-6 map entries, 1 module). */
#define PVH_MAX_MEMMAP 128
#define PVH_MAX_MODULES 16
/* Longest command line read (Linux's x86 COMMAND_LINE_SIZE is 2048). */
#define PVH_MAX_STRING 4096
#define PVH_NO_STRING ((size_t)-1)

/* Whether a table of count entries of entry_size bytes at paddr can be
 * read: count <= max_count and the bytes inside [PVH_LOWEST_TABLE,
 * mapped). Says why not ("pvh: <field>: ..."). */
bool pvh_table_ok(const char *field, uint64_t paddr, uint64_t count, uint64_t entry_size,
		  uint64_t max_count, uint64_t mapped);
/* A RAM entry of the memory map: 0 to use it, 1 to leave it out (size 0
 * silently; wrapping past 2^64 or ending beyond 2^52 said). */
int pvh_judge_ram(uint32_t index, uint64_t addr, uint64_t size);
/* strlen of the NUL-terminated string at paddr, read only inside the
 * mapped bytes and at most PVH_MAX_STRING; PVH_NO_STRING (said) when it
 * is outside or unterminated. */
size_t pvh_string_len(const char *field, uint64_t paddr, uint64_t mapped);

#endif
